/** Turns a finished wizard into the incident record (pure): the plan of who does what, and the tasks. */
import { taskDue } from '../assignments/task-due';
import type { PolicyPack, School } from '../policy/schema';
import { planFor } from '../wizard/wizard-plan';
import type { WizardState } from '../wizard/wizard-state';
import { type Incident, SYSTEM_ACTOR, incidentIdFor } from './incident';
import type { IncidentTask } from '../assignments/incident-task';
import { planWords } from '../assignments/plan-words';

/** The incident record for a wizard at its review step, with its plan, tasks and first chronology entries. Pure; throws if the wizard has no procedure. */
export function buildIncident(pack: PolicyPack, school: School, wizard: WizardState, reference: string, now: Date): Incident {
  const planned = planFor(pack, school, wizard);
  if (!planned) throw new Error(`wizard ${wizard.id} has no procedure`);
  const { procedure, assessment, plan } = planned;
  const at = now.toISOString();
  const holderName = (role: string) => {
    const person = plan.people.filter((p) => p.roles.includes(role));
    return person.length === 1 ? person[0]?.name : undefined;
  };
  const tasks: IncidentTask[] = planned.tasks.map((t) => {
    const done = t.role === 'reporter' && wizard.checklistConfirmed;
    const ownerName = t.role === 'reporter' ? wizard.reporter.name : holderName(t.role);
    return {
      id: t.id,
      text: t.text,
      ownerRole: t.role,
      ...(t.namedRole && { namedRole: t.namedRole }),
      ...(ownerName && { ownerName }),
      due: taskDue(t.due, plan.priority, now, pack.aup, school.timeZone).toISOString(),
      done,
      status: done ? 'done' : 'open',
      ...(done && { closedAt: at, closedBy: wizard.reporter }),
      ...(t.unassigned && { unassigned: true }),
    };
  });
  const words = planWords(school, plan, tasks);
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
    ...(wizard.subjectRoles && { subjectRoles: wizard.subjectRoles }),
    routing: plan,
    status: 'reported',
    referrals: [],
    tasks,
    chronology: [
      { at, by: wizard.reporter, action: 'reported', detail: `Reported under "${procedure.title}" (policy pack ${wizard.packVersion}).` },
      { at, by: SYSTEM_ACTOR, action: 'routed', detail: [plan.reason, ...words.standInLines].join(' ') },
    ],
    wizardId: wizard.id,
  };
}
