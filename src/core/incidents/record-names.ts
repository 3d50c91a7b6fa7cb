/** The words a full record uses for roles, agencies and answers, as the school's pack names them. */
import { titleOf } from '../people/role-titles';
import type { PolicyPack, RoleKey, School } from '../policy/schema';
import { findProcedure } from '../wizard/assessment';
import type { Incident, ReferralAgency } from './incident';

/** The school's own names for what a full record mentions. */
export interface RecordNames {
  roleTitle(role: RoleKey | 'reporter'): string;
  agencyName(agency: ReferralAgency): string;
  /** The question and the answer chosen, in the procedure's own words. */
  answerLabel(questionId: string, value: string): { question: string; answer: string } | undefined;
}

/** The names a full record uses for this school and incident: role titles, agency names, and questions and answers in the procedure's words. */
export function recordNames(pack: PolicyPack, school: School, incident: Pick<Incident, 'procedureId'>): RecordNames {
  const procedure = findProcedure(pack, incident.procedureId);
  return {
    roleTitle: (role) => (role === 'reporter' ? 'The person who reported it' : titleOf(school, role, pack.trust.roles)),
    agencyName: (agency) => school.contacts[agency]?.name ?? pack.contacts[agency]?.name ?? agency,
    answerLabel: (questionId, value) => {
      const question = procedure?.questions.find((q) => q.id === questionId);
      const answer = question?.options.find((o) => o.value === value);
      return question && answer ? { question: question.text, answer: answer.label } : undefined;
    },
  };
}
