/**
 * `checkSetup`: every role holder in the pack, with whether the bot can reach them on each platform
 * and how to fix it when it cannot, plus the safeguarding channel. For the DSL, the online-safety lead
 * and the head (anyone else is refused and audited). `unreachableHolders` is the same check for the
 * start-up warnings.
 */
import type { Reachability } from '../delivery/reachability';
import { recordAudit } from '../audit/audit-log';
import { holderRef } from '../assignments/fan-out';
import { titleOf } from '../people/role-titles';
import type { CoreDeps } from '../deps';
import type { UnreachableReason } from '../delivery/outbox';
import { NotPermittedError } from '../errors';
import type { PersonIdentity, School } from '../policy/schema';
import { type Actor, actorRef, rolesOf } from '../people/actor';
import { personKey } from '../people/person-key';

/** The roles that may run the setup check. */
export const SETUP_CHECK_ROLES = ['dsl', 'deputy-dsl', 'esafety-lead', 'head'];

const NAME = { teams: 'Teams', slack: 'Slack' } as const;

/** What to do so the bot can reach someone, for the reason it cannot. */
export function fixWords(platform: 'teams' | 'slack', reason: UnreachableReason): string {
  if (reason === 'no-platform-id') return platform === 'teams' ? 'add their teamsUserId (Entra object id) in policy/pack.yaml' : 'add their slackUserId (U…) in policy/pack.yaml';
  if (reason === 'no-conversation') return 'ask them to open the bot in Teams and say "hi", or install the app for everyone (docs/teams-reach.md)';
  if (reason === 'no-channel')
    return platform === 'teams' ? 'in the safeguarding channel, mention the bot and type "register dsl channel"' : 'in the safeguarding channel, type "/report register dsl channel"';
  return `check the bot is still installed for them in ${NAME[platform]}`;
}

/** One role holder's line: who, and whether each platform can reach them. */
export interface SetupLine {
  role: string;
  who: string;
  platforms: Array<{ platform: 'teams' | 'slack'; reachable: boolean; words: string }>;
}

/** The setup check in words: the channel, a line per role holder and a summary. */
export interface SetupView {
  title: string;
  channel: string[];
  lines: SetupLine[];
  summary: string;
}

function holdersBy(deps: CoreDeps, school: School): Array<{ role: string; holder: PersonIdentity | undefined }> {
  const roles: Array<[string, { holders: PersonIdentity[] } | undefined]> = [...Object.entries(school.roles), ...Object.entries(deps.pack.trust.roles).filter(([k]) => !school.roles[k])];
  return roles.flatMap(([role, r]): Array<{ role: string; holder: PersonIdentity | undefined }> => (r?.holders.length ? r.holders.map((holder) => ({ role, holder })) : [{ role, holder: undefined }]));
}

/** The setup check for a school without checking who asks (callers check, as `checkSetup` does). Sends nothing. */
export async function describeSetup(deps: CoreDeps, school: School, reach: Reachability[]): Promise<SetupView> {
  const lines: SetupLine[] = [];
  let problems = 0;
  for (const { role, holder } of holdersBy(deps, school)) {
    const title = titleOf(school, role, deps.pack.trust.roles);
    if (!holder) {
      problems++;
      lines.push({ role: title, who: 'nobody holds this role', platforms: [] });
      continue;
    }
    const platforms = [];
    for (const r of reach) {
      const result = await r.person(school.id, holderRef({ key: personKey(holder), ...holder }));
      if (!result.reachable) problems++;
      platforms.push({
        platform: r.platform,
        reachable: result.reachable,
        words: result.reachable ? `${NAME[r.platform]}: reachable` : `${NAME[r.platform]}: NOT reachable, ${fixWords(r.platform, result.reason)}`,
      });
    }
    lines.push({ role: title, who: holder.name, platforms });
  }
  const channel = [];
  for (const r of reach) {
    const ok = await r.channel(school.id);
    if (!ok) problems++;
    channel.push(
      ok
        ? `${NAME[r.platform]}: safeguarding channel registered`
        : `${NAME[r.platform]}: no safeguarding channel yet, so cards go to the DSL and deputies one-to-one (${fixWords(r.platform, 'no-channel')})`,
    );
  }
  return { title: `Setup check: ${school.name}`, channel, lines, summary: problems ? `${problems} thing${problems === 1 ? '' : 's'} to fix.` : 'Everyone can be reached.' };
}

/** `reach`: the platforms to check; by default every platform the bot runs on (`deps.reach`). */
export async function checkSetup(deps: CoreDeps, actor: Actor, school: School, reach: Reachability[] = deps.reach ?? []): Promise<SetupView> {
  const allowed = rolesOf(actor, school).some((r) => SETUP_CHECK_ROLES.includes(r));
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'setup.check', outcome: allowed ? 'ok' : 'refused' });
  if (!allowed) throw new NotPermittedError('run the setup check');
  return describeSetup(deps, school, reach);
}

/** One entry per role holder the bot cannot reach on a platform: for the start-up warnings (no names). */
export async function unreachableHolders(deps: CoreDeps, reach: Reachability[]): Promise<Array<{ schoolId: string; role: string; holder: number; platform: string; reason: UnreachableReason }>> {
  const found = [];
  for (const school of deps.pack.schools) {
    const counts = new Map<string, number>();
    for (const { role, holder } of holdersBy(deps, school)) {
      const index = (counts.get(role) ?? 0) + 1;
      counts.set(role, index);
      if (!holder) continue;
      for (const r of reach) {
        const result = await r.person(school.id, holderRef({ key: personKey(holder), ...holder }));
        if (!result.reachable) found.push({ schoolId: school.id, role, holder: index, platform: r.platform, reason: result.reason });
      }
    }
  }
  return found;
}
