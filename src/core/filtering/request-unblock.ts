/**
 * A teacher asks for a site to be unblocked (`unblock <address> for <how long> because <why>`). Bad words
 * change nothing and get the usage; a category the school never allows is refused at once, logged, and
 * the online-safety lead is told; anything else becomes a request in the change log and a card for each
 * approver role the school names. One request per person, address and end: a retry makes nothing twice.
 */
import { recordAudit } from '../audit/audit-log';
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { enqueue } from '../delivery/outbox';
import { holderRef } from '../assignments/fan-out';
import { DomainError, InvalidInputError } from '../errors';
import { type Actor, actorRef, isSamePerson, roleTitle } from '../people/actor';
import { personKey } from '../people/person-key';
import { roleHolders } from '../people/role-holders';
import { resolveSchool } from '../people/resolve-school';
import type { ForbiddenCategory } from '../policy/schema';
import { ConflictError, type Stored } from '../../ports/document-store';
import { type FilteringEntry, filteringEntryId, filteringRef } from './filtering-entry';
import { filteringPolicy, forbiddenCategoryOf } from './filtering-rules';
import { unblockEnd } from './unblock-period';
import { MAX_REASON_LENGTH, readUnblockText, UNBLOCK_USAGE } from './unblock-text';
import { readWebAddress } from './web-address';
import { unblockRequestCardId } from './unblock-request-redraw';

/** What became of a request: waiting for an approver, or refused at once for its category. */
export type UnblockRequestOutcome =
  | { kind: 'requested'; entry: FilteringEntry; approvers: string[]; fresh: boolean }
  | { kind: 'forbidden'; entry: FilteringEntry; category: ForbiddenCategory; lead: string; fresh: boolean };

/** Thrown with the usage lines when the words cannot be read as a request. */
export class UnblockUsageError extends InvalidInputError {
  constructor(problem: string) {
    super({ unblock: problem, usage: UNBLOCK_USAGE.join(' ') }, problem);
  }
}

/** Reads, checks and records one unblock request from what the teacher typed after `unblock`. */
export async function requestUnblock(deps: CoreDeps, actor: Actor, typed: string): Promise<UnblockRequestOutcome> {
  const asked = readUnblockText(typed);
  if (!asked) throw new UnblockUsageError('Which site, for how long, and why?');
  const address = readWebAddress(asked.address);
  if ('problem' in address) throw new UnblockUsageError(address.problem);
  const school = resolveSchool(deps.pack, actor);
  const policy = filteringPolicy(school);
  const now = deps.clock.now();
  const category = forbiddenCategoryOf(policy, address.host, address.path);
  if (category) return refuseAtOnce(deps, actor, school.id, address.normalised, asked.reason.slice(0, MAX_REASON_LENGTH), category, roleTitle(school, 'esafety-lead'));
  if (!asked.period) throw new UnblockUsageError('For how long? Say for the lesson, for period 3, for today, or until 15:10.');
  if (!asked.reason) throw new UnblockUsageError('Why is it needed? Add because and the reason, so the approver and the log have it.');
  if (asked.reason.length > MAX_REASON_LENGTH) throw new UnblockUsageError(`Please keep the reason under ${MAX_REASON_LENGTH} characters.`);
  const end = unblockEnd(asked.period, now, policy, { timeZone: school.timeZone, workingHoursEnd: deps.pack.aup.workingHours.end });
  if ('problem' in end) throw new UnblockUsageError(end.problem);
  // The request goes to every approver but the person asking: nobody approves their own request, so
  // nobody is sent a card they may not use.
  const asking = policy.approvers.map((role) => ({ role, holders: roleHolders(deps.pack, school, role).filter((h) => !isSamePerson(actor, h)) })).filter((a) => a.holders.length);
  if (!asking.length) {
    throw new DomainError(
      'no-other-approver',
      `Nobody else at ${school.name} may approve unblocks, and nobody approves their own request, so nothing was asked. Ask your ${roleTitle(school, 'head')} to name a second approver in the policy pack.`,
    );
  }
  const id = filteringEntryId(['unblock', school.id, actor.platform, actor.userId, address.normalised, end.until.toISOString()]);
  const entry: FilteringEntry = {
    id,
    schoolId: school.id,
    ref: filteringRef(id),
    kind: 'unblock',
    status: 'requested',
    what: address.normalised,
    why: asked.reason,
    askedBy: actorRef(actor),
    askedAt: now.toISOString(),
    until: end.until.toISOString(),
    untilWords: end.words,
  };
  const saved = await createOnce(deps, entry);
  const sent = new Set<string>();
  for (const { holders } of asking) {
    for (const holder of holders) {
      const key = personKey(holder);
      if (sent.has(key)) continue;
      sent.add(key);
      await enqueue(
        deps.store,
        {
          id: unblockRequestCardId(id, key),
          schoolId: school.id,
          message: 'unblock-request',
          to: { kind: 'holder', holder: holderRef({ key, ...holder }) },
          platform: actor.platform,
          filtering: { entryId: id },
        },
        now,
      );
    }
  }
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'filtering.unblock-requested', outcome: 'ok', detail: id });
  return { kind: 'requested', entry: saved.entry, approvers: asking.map((a) => roleTitle(school, a.role)), fresh: saved.fresh };
}

async function createOnce(deps: CoreDeps, entry: FilteringEntry): Promise<{ entry: Stored<FilteringEntry>; fresh: boolean }> {
  try {
    return { entry: await deps.store.create('filtering', entry), fresh: true };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await deps.store.get<FilteringEntry>('filtering', entry.schoolId, entry.id);
    if (!existing) throw error;
    return { entry: existing, fresh: false };
  }
}

async function refuseAtOnce(deps: CoreDeps, actor: Actor, schoolId: string, what: string, why: string, category: ForbiddenCategory, lead: string): Promise<UnblockRequestOutcome> {
  const now = deps.clock.now();
  const school = deps.pack.schools.find((s) => s.id === schoolId);
  const day = localTime(now, school?.timeZone).date;
  const id = filteringEntryId(['unblock-forbidden', schoolId, actor.platform, actor.userId, what, day]);
  const entry: FilteringEntry = {
    id,
    schoolId,
    ref: filteringRef(id),
    kind: 'unblock',
    status: 'refused',
    what,
    why,
    askedBy: actorRef(actor),
    askedAt: now.toISOString(),
    decidedAt: now.toISOString(),
    refusal: `never unblocked: ${category.label}`,
    forbiddenCategory: category.key,
  };
  const saved = await createOnce(deps, entry);
  await enqueue(
    deps.store,
    { id: `filtering-forbidden:${id}`, schoolId, message: 'filtering-forbidden', to: { kind: 'role', role: 'esafety-lead' }, platform: actor.platform, filtering: { entryId: id } },
    now,
  );
  await recordAudit(deps, { schoolId, actor: actorRef(actor), action: 'filtering.unblock-requested', outcome: 'refused', detail: `${id} forbidden:${category.key}` });
  return { kind: 'forbidden', entry: saved.entry, category, lead, fresh: saved.fresh };
}
