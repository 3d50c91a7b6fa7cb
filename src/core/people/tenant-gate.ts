/**
 * Which schools a request's Microsoft 365 tenant or Slack team belongs to. A pack that lists tenants for
 * a platform serves only those: a request from any other is refused before anything is stored (no
 * conversation, no register entry). A pack that lists none for a platform accepts any (a trial), and
 * says so at start-up.
 */
import type { PolicyPack, School } from '../policy/schema';

/** Whether the pack serves a request's organisation: any (no tenants listed), these schools, or none. */
export type TenantAnswer = { kind: 'open' } | { kind: 'known'; schools: School[] } | { kind: 'unknown' };

/** Which of the pack's schools a Teams tenant or Slack team belongs to (see the file's comment). Pure. */
export function tenantGate(pack: Pick<PolicyPack, 'schools'>, platform: 'teams' | 'slack', tenantId: string | undefined): TenantAnswer {
  const listing = pack.schools.filter((s) => (s.tenants?.[platform] ?? []).length > 0);
  if (!listing.length) return { kind: 'open' };
  const schools = tenantId ? listing.filter((s) => s.tenants[platform].includes(tenantId)) : [];
  return schools.length ? { kind: 'known', schools } : { kind: 'unknown' };
}

/** The words for someone whose organisation is not one the pack serves (no school is named). */
export const UNKNOWN_TENANT_WORDS =
  "This eSafety bot serves the schools set up in its policy pack only, and your organisation is not one of them, so nothing was recorded. Please use your own school's reporting route.";
