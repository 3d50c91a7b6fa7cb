/**
 * What the reporter sees once the report is sent: the reference, who it is going to and what each has
 * to do (from the plan), and what happens next. It never says anyone has been told: that comes in the
 * delivery report, once the platforms have answered.
 */
import { planWords } from '../assignments/plan-words';
import type { PolicyPack, School } from '../policy/schema';
import type { Incident } from './incident';

/** The reporter's receipt in words. */
export interface ReceiptView {
  reference: string;
  title: string;
  urgent: boolean;
  toldHeading: string;
  /** "Alex Wilber, Designated Safeguarding Lead: leads it". */
  toldRoles: string[];
  nextSteps: string[];
}

/** The receipt for a report just sent: its reference, who it is going to and what happens next. Never says anyone has been told yet. */
export function describeReceipt(school: School, incident: Incident, pack?: Pick<PolicyPack, 'trust'>): ReceiptView {
  const words = planWords(school, incident.routing, incident.tasks, pack?.trust.roles);
  const recipients = words.lines.map((l) => `${l.who}: ${l.job}`);
  return {
    reference: incident.reference,
    title: `Report ${incident.reference} sent`,
    urgent: incident.routing.urgent,
    toldHeading: 'Who it is going to',
    toldRoles: [...(recipients.length ? recipients : ['Nobody: no role holder at the school can be given it. Tell the head teacher in person.']), ...words.standInLines, ...words.unassignedLines],
    nextSteps: [
      `I am sending it now${incident.routing.urgent ? ' as URGENT' : ''}. My next message will say who has been reached, and whom to tell yourself if anyone could not be.`,
      'You will get a message here when it is picked up.',
      'Do not discuss it with other staff, pupils or parents unless the safeguarding team asks you to.',
      'If anything more happens, report it again and quote the reference.',
      'Keep the reference number; you do not need to keep a copy of what you wrote.',
    ],
  };
}
