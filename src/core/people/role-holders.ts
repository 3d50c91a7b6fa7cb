import type { PersonIdentity, PolicyPack, RoleKey, School } from '../policy/schema';

/** The people in a role at a school, or in the trust's own roles (the trust safeguarding lead). */
export function roleHolders(pack: PolicyPack, school: School | undefined, role: RoleKey): PersonIdentity[] {
  return school?.roles[role]?.holders ?? pack.trust.roles[role]?.holders ?? [];
}
