/**
 * The Microsoft 365 tenant gate for Teams: a turn from an organisation the policy pack does not serve
 * is refused before anything is stored (no conversation reference, no register entry, no wizard), is
 * audited without personal data, and is answered politely once.
 */
import { type Activity, ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
import { recordAudit } from '../../core/audit/audit-log';
import type { Actor } from '../../core/people/actor';
import { resolveSchool } from '../../core/people/resolve-school';
import { UNKNOWN_TENANT_WORDS, tenantGate } from '../../core/people/tenant-gate';
import type { PolicyPack, School } from '../../core/policy/schema';
import { teamsActor } from './teams-actor';
import type { TeamsContext } from './teams-context';

/** The partition refusals are audited under: no school's, since the request belongs to none. */
export const UNKNOWN_TENANT_SCHOOL_ID = '_unknown-tenant';

export type TenantCheck = { kind: 'open' } | { kind: 'known'; schools: School[] } | { kind: 'unknown'; tenantId: string };

/**
 * Teams names the tenant in `conversation.tenantId` and in `channelData.tenant.id`. Each one given must
 * be served (two that disagree are refused), and the schools are those both name.
 */
export function checkTenant(pack: Pick<PolicyPack, 'schools'>, activity: Partial<Activity>): TenantCheck {
  return checkTenantIds(pack, [activity.conversation?.tenantId, (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id]);
}

/** The same gate for ids from elsewhere (a roster member's own tenant: a guest's is not the team's). */
export function checkTenantIds(pack: Pick<PolicyPack, 'schools'>, given: unknown[]): TenantCheck {
  const ids = [...new Set(given.filter((id): id is string => typeof id === 'string' && id.length > 0))];
  let schools: School[] | undefined;
  for (const id of ids.length ? ids : [undefined]) {
    const answer = tenantGate(pack, 'teams', id);
    if (answer.kind === 'open') return answer;
    if (answer.kind === 'unknown') return { kind: 'unknown', tenantId: id ?? '' };
    schools = schools ? schools.filter((s) => answer.schools.includes(s)) : answer.schools;
  }
  return schools?.length ? { kind: 'known', schools } : { kind: 'unknown', tenantId: ids.join(',') };
}

/** A team member's own tenant when Teams gives it (a guest's is not the team's), else the team's. */
export function memberTenant(pack: Pick<PolicyPack, 'schools'>, member: object, team: TenantCheck): TenantCheck {
  const own = (member as { tenantId?: unknown }).tenantId;
  return typeof own === 'string' && own ? checkTenantIds(pack, [own]) : team;
}

/** The school a person acts for, among the schools their tenant belongs to (all of them while the gate is open). */
export function schoolAmong(pack: PolicyPack, check: TenantCheck, actor: Actor): School {
  return check.kind === 'known' ? resolveSchool({ ...pack, schools: check.schools }, actor) : resolveSchool(pack, actor);
}

/** Audits and logs the refusal, and answers a message with a short text and a card action with that text; nothing else is said. */
export async function refuseUnknownTenant(ctx: TeamsContext, context: TurnContext, tenantId: string): Promise<void> {
  const activity = context.activity;
  const detail = tenantId.slice(0, 64);
  await recordAudit(ctx.deps, {
    schoolId: UNKNOWN_TENANT_SCHOOL_ID,
    actor: { platform: 'teams', userId: teamsActor(activity).userId.slice(0, 128), name: '(unknown tenant)' },
    action: 'tenant.refused',
    outcome: 'refused',
    detail,
  });
  ctx.logger.warn('teams.unknown-tenant', { tenantId: detail, activity: String(activity.type ?? '').slice(0, 32) });
  if (activity.type === ActivityTypes.Message) {
    await context.sendActivity(MessageFactory.text(UNKNOWN_TENANT_WORDS));
  } else if (activity.type === ActivityTypes.Invoke) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: UNKNOWN_TENANT_WORDS } },
    });
  }
}
