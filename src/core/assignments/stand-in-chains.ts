/**
 * Who takes a role's part when its holders may be the subject of a concern, or it has no holder: the
 * pack's `chains`, with these defaults for any role the pack does not list.
 */
import type { PolicyPack, RoleKey } from '../policy/schema';

/** Who stands in for each role when the pack's `chains` does not say; `default` serves any role not listed. */
export const DEFAULT_CHAINS: Record<string, RoleKey[]> = {
  dsl: ['deputy-dsl', 'head', 'chair-of-governors', 'trust-safeguarding-lead'],
  'deputy-dsl': ['dsl', 'head', 'chair-of-governors', 'trust-safeguarding-lead'],
  head: ['chair-of-governors', 'trust-safeguarding-lead'],
  'chair-of-governors': ['trust-safeguarding-lead'],
  'trust-safeguarding-lead': ['chair-of-governors'],
  default: ['head', 'chair-of-governors', 'trust-safeguarding-lead'],
};

/** The roles to try for `role`'s part, in order, starting with the role itself. */
export function chainFor(pack: Pick<PolicyPack, 'chains'>, role: RoleKey): RoleKey[] {
  const chains = pack.chains ?? {};
  const next = chains[role] ?? DEFAULT_CHAINS[role] ?? chains.default ?? DEFAULT_CHAINS.default ?? [];
  return [role, ...next.filter((r) => r !== role)];
}
