/**
 * The question a concern about a member of staff asks: do they hold one of the school's roles? The plan
 * then keeps it from that role's holders and passes their tasks along the chain. The head, the chair
 * and trust roles are not offered: a concern about the head has its own answer, and governors are not staff.
 */
import type { School } from '../policy/schema';

/** The answer "No, none of these" to the subject-role question. */
export const SUBJECT_ROLE_NONE = 'none-of-these';
/** The answer "Not sure, or I would rather not say" to the subject-role question. */
export const SUBJECT_ROLE_NOT_SURE = 'not-sure';
const NOT_STAFF_ROLES = ['head', 'chair-of-governors', 'trust-safeguarding-lead'];

/** The choices of the subject-role question at a school: each staff role by the school's title, then none, then not sure. */
export function subjectRoleChoices(school: School): Array<{ value: string; label: string }> {
  const roles = Object.entries(school.roles).filter(([key]) => !NOT_STAFF_ROLES.includes(key));
  return [
    ...roles.map(([key, role]) => ({ value: key, label: `Yes: the ${role?.title ?? key}` })),
    { value: SUBJECT_ROLE_NONE, label: 'No, none of these' },
    { value: SUBJECT_ROLE_NOT_SURE, label: 'Not sure, or I would rather not say' },
  ];
}
