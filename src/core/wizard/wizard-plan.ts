/** The plan of who does what for a wizard's answers so far: the review step shows it, and the incident keeps it. */
import { planAssignments } from '../assignments/plan-assignments';
import type { PolicyPack, School } from '../policy/schema';
import { assess, findProcedure } from './assessment';
import type { WizardState } from './wizard-state';

/** The plan for a wizard's answers so far (the review step shows it; the incident keeps it). */
export function planFor(pack: PolicyPack, school: School, wizard: Pick<WizardState, 'procedureId' | 'answers' | 'immediateRisk' | 'carried' | 'subjectRoles'>) {
  const procedure = findProcedure(pack, wizard.procedureId);
  if (!procedure) return undefined;
  const assessment = assess(procedure, wizard);
  return { procedure, assessment, ...planAssignments({ ...assessment, pack, school, procedure, answers: wizard.answers, subjectRoles: wizard.subjectRoles }) };
}
