import type { PolicyPack, School } from '../policy/schema';
import { type Actor, isSamePerson } from './actor';

/**
 * The school a person acts for: the one naming them in a role, else the one whose email domain is
 * theirs, else the pack's first school. Limit: a person named at two schools acts for the first.
 */
export function resolveSchool(pack: PolicyPack, actor: Actor): School {
  const byRole = pack.schools.find((s) => Object.values(s.roles).some((r) => r?.holders.some((h) => isSamePerson(actor, h))));
  if (byRole) return byRole;
  const domain = actor.email?.split('@')[1]?.toLowerCase();
  const byDomain = domain ? pack.schools.find((s) => s.emailDomains.includes(domain)) : undefined;
  return byDomain ?? (pack.schools[0] as School);
}

/** The pack's school with this id, if any. */
export function findSchool(pack: PolicyPack, schoolId: string): School | undefined {
  return pack.schools.find((s) => s.id === schoolId);
}
