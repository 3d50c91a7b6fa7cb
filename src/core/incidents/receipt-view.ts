/** What the reporter sees once the report is sent: the reference, what happens next, who was told. */
import type { School } from '../policy/schema';
import { describeRecipients } from '../routing/describe-routing';
import type { Incident } from './incident';

export interface ReceiptView {
  reference: string;
  title: string;
  urgent: boolean;
  toldRoles: string[];
  nextSteps: string[];
}

export function describeReceipt(school: School, incident: Incident): ReceiptView {
  const told = describeRecipients(school, incident.routing);
  return {
    reference: incident.reference,
    title: `Report ${incident.reference} sent`,
    urgent: incident.routing.urgent,
    toldRoles: told,
    nextSteps: [
      `Your report is now with the ${told[0]}${incident.routing.urgent ? ' as URGENT' : ''}. You will get a message here when they pick it up.`,
      'Do not discuss it with other staff, pupils or parents unless the safeguarding team asks you to.',
      'If anything more happens, report it again and quote the reference.',
      'Keep the reference number; you do not need to keep a copy of what you wrote.',
    ],
  };
}
