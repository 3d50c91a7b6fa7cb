/**
 * What stands between a Slack request and the handlers: every refused signature counted, logged and
 * audited (nothing from the request itself is kept), and a workspace the policy pack does not serve
 * refused politely before anything is stored.
 */
import type { App } from '@slack/bolt';
import { recordAudit } from '../../core/audit/audit-log';
import { TokenBuckets } from '../../core/delivery/token-bucket';
import { UNKNOWN_TENANT_WORDS, tenantGate } from '../../core/people/tenant-gate';
import type { SignatureRefusal } from './request-guard';
import type { SlackContext } from './slack-context';

/** Audit records and log lines for refused signatures: a burst of 60, then one a second; beyond that only counted. */
const REFUSAL_BURST = 60;

/** Counts refused signatures; each within the budget gets one warn line and one audit record. */
export function signatureRefusals(ctx: SlackContext): { onRefused(reason: SignatureRefusal): Promise<void>; count(): number } {
  const budget = new TokenBuckets(REFUSAL_BURST, 1);
  let refused = 0;
  let unrecorded = 0;
  return {
    count: () => refused,
    async onRefused(reason) {
      refused++;
      if (budget.take('refusals') > 0) {
        unrecorded++;
        return;
      }
      // The cause and counts only (`cause`: the log redacts `reason`): never the body or headers of a forged request.
      ctx.logger.warn('slack.signature-refused', { cause: reason, refused, ...(unrecorded ? { unrecorded } : {}) });
      unrecorded = 0;
      await recordAudit(ctx.deps, {
        schoolId: '_slack',
        actor: { platform: 'slack', userId: 'unknown', name: '(unsigned request)' },
        action: 'slack.signature-refused',
        outcome: 'refused',
        detail: reason,
      }).catch((error) => ctx.logger.error('slack.audit-failed', { error: (error as Error).name }));
    },
  };
}

interface Envelope {
  command?: string;
  type?: string;
  team_id?: string;
  team?: { id?: string } | null;
  user_id?: string;
  user?: { id?: string; team_id?: string } | string;
  event?: { team?: string; user?: { id?: string } | string };
}

/** The workspace a request comes from: a command's or event's `team_id`, an interaction's `team.id`, or the event's own `team`. */
export function slackTeamId(body: unknown): string | undefined {
  const b = (body ?? {}) as Envelope;
  const user = typeof b.user === 'object' ? b.user : undefined;
  return b.team_id ?? b.team?.id ?? b.event?.team ?? user?.team_id;
}

function slackUserId(body: unknown): string {
  const b = (body ?? {}) as Envelope;
  const id = (u: Envelope['user']) => (typeof u === 'string' ? u : u?.id);
  return b.user_id ?? id(b.user) ?? id(b.event?.user) ?? 'unknown';
}

/**
 * The first global middleware: a request from a workspace the pack does not list is answered (a command
 * with the polite words, an interaction with an empty ack; an event was acknowledged by Bolt already),
 * audited, and goes no further, so nothing about it is stored.
 */
export function registerTenantGate(app: App, ctx: SlackContext): void {
  app.use(async (args) => {
    const teamId = slackTeamId(args.body);
    if (tenantGate(ctx.deps.pack, 'slack', teamId).kind !== 'unknown') {
      await args.next();
      return;
    }
    const ack = (args as { ack?: (answer?: unknown) => Promise<void> }).ack;
    const command = Boolean((args.body as Envelope).command);
    if (ack) await ack(command ? { response_type: 'ephemeral', text: UNKNOWN_TENANT_WORDS } : undefined);
    ctx.logger.warn('slack.tenant-refused', { team: teamId ?? '(none)' });
    await recordAudit(ctx.deps, {
      schoolId: '_unknown-tenant',
      actor: { platform: 'slack', userId: slackUserId(args.body), name: '(unknown workspace)' },
      action: 'tenant.refused',
      outcome: 'refused',
      detail: teamId ?? '(none)',
    }).catch((error) => ctx.logger.error('slack.audit-failed', { error: (error as Error).name }));
  });
}
