/** Turns a finished wizard into the incident record (pure). */
import type { PolicyPack, School } from '../policy/schema';
import { routeIncident } from '../routing/route-incident';
import { assess, findProcedure } from '../wizard/assessment';
import type { WizardState } from '../wizard/wizard-state';
import { type Incident, type IncidentTask, SYSTEM_ACTOR, incidentIdFor } from './incident';

const HOUR = 3600 * 1000;

export function buildIncident(pack: PolicyPack, school: School, wizard: WizardState, reference: string, now: Date): Incident {
  const procedure = findProcedure(pack, wizard.procedureId);
  if (!procedure) throw new Error(`wizard ${wizard.id} has no procedure`);
  const assessment = assess(procedure, wizard);
  const routing = routeIncident({ ...assessment, notify: procedure.notify });
  const at = now.toISOString();
  // Urgent work is due within the hour; everything else within two days.
  const due = new Date(now.getTime() + (routing.urgent ? 1 : 48) * HOUR).toISOString();
  const tasks: IncidentTask[] = procedure.steps
    .filter((s) => !s.when || wizard.answers[s.when.question] === s.when.answer)
    .map((s, i) => ({ id: `step-${i + 1}`, text: s.text, ownerRole: s.by, due, done: s.by === 'reporter' && wizard.checklistConfirmed }));
  return {
    id: incidentIdFor(wizard.id),
    schoolId: school.id,
    reference,
    procedureId: procedure.id,
    procedureTitle: procedure.title,
    packVersion: wizard.packVersion,
    reporter: wizard.reporter,
    reportedAt: at,
    details: { ...wizard.fields },
    answers: { ...wizard.answers },
    immediateRisk: assessment.immediateRisk,
    subject: assessment.subject,
    routing,
    status: 'reported',
    referrals: [],
    tasks,
    chronology: [
      { at, by: wizard.reporter, action: 'reported', detail: `Reported under "${procedure.title}" (policy pack ${wizard.packVersion}).` },
      { at, by: SYSTEM_ACTOR, action: 'routed', detail: routing.reason },
    ],
    wizardId: wizard.id,
  };
}
