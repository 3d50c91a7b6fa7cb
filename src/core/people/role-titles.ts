/** What a school calls each role: its own title from the pack, else the trust's, else a plain English fallback. */
import type { RoleKey, School } from '../policy/schema';

/** The usual English title of each built-in role, for a pack that does not name one (and for the reporter). */
export const ROLE_FALLBACK: Record<RoleKey | 'reporter', string | undefined> = {
  dsl: 'Designated Safeguarding Lead',
  'deputy-dsl': 'Deputy Designated Safeguarding Lead',
  'esafety-lead': 'Online-safety lead',
  head: 'Head teacher',
  'chair-of-governors': 'Chair of governors',
  'it-technician': 'IT technician',
  senco: 'SENCO',
  dpo: 'Data Protection Officer',
  'trust-safeguarding-lead': 'Trust safeguarding lead',
  'filtering-lead': 'Senior leader for filtering and monitoring',
  'online-safety-governor': 'Online safety governor',
  reporter: 'The person who reported it',
};

/** The school's own name for a role (a trust role or a school's own role too), else a plain fallback. */
export function titleOf(school: School, role: RoleKey, trustRoles: Record<string, { title: string } | undefined> = {}): string {
  return school.roles[role]?.title ?? trustRoles[role]?.title ?? ROLE_FALLBACK[role] ?? role.replace(/-/g, ' ');
}
