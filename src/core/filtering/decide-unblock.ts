/**
 * An approver's answer to an unblock request (Approve, or Refuse with a reason), and the technician's
 * "Blocked again" when it ends. Each action loads the entry by its id, checks who is acting (an approver
 * role the school names; never the person who asked; for "Blocked again" the technician or an approver),
 * refuses and audits anyone else, and changes the entry under its etag so two answers never both win.
 * The teacher is told each outcome through the outbox; the technician is told to unblock when someone
 * else approved; every other approver's request card is drawn again in place to say who decided what.
 */
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { enqueue } from '../delivery/outbox';
import { DomainError, InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import { type Actor, actorRef, roleTitle, rolesOf } from '../people/actor';
import { findSchool, resolveSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { PreconditionFailedError, type Stored } from '../../ports/document-store';
import { type FilteringEntry, filteringEntryId, filteringRef } from './filtering-entry';
import { FILTERING_CHANGERS, filteringPolicy } from './filtering-rules';
import { MAX_REASON_LENGTH } from './unblock-text';
import { queueRequestCardRedraws } from './unblock-request-redraw';

/** Which entry a card's button is about (the only thing a card carries). */
export interface FilteringTarget {
  schoolId: string;
  entryId: string;
}

/** Thrown when the request was already answered: the entry as it stands says what happened. */
export class AlreadyDecidedError extends DomainError {
  constructor(readonly entry: FilteringEntry) {
    super('already-decided', `This request was already answered (${entry.status.replace('-', ' ')}), so nothing was changed.`);
  }
}

async function load(deps: CoreDeps, actor: Actor, target: FilteringTarget, action: string): Promise<{ school: School; entry: Stored<FilteringEntry> }> {
  const school = findSchool(deps.pack, target.schoolId);
  const entry = school ? await deps.store.get<FilteringEntry>('filtering', target.schoolId, target.entryId) : undefined;
  if (!school || !entry || resolveSchool(deps.pack, actor).id !== school.id) {
    await recordAudit(deps, { schoolId: target.schoolId.slice(0, 100), actor: actorRef(actor), action, outcome: 'refused', detail: 'not-found' });
    throw new NotFoundError('request');
  }
  return { school, entry };
}

async function refuse(deps: CoreDeps, actor: Actor, school: School, entry: FilteringEntry, action: string, code: string, what: string): Promise<never> {
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action, outcome: 'refused', detail: `${entry.id} ${code}` });
  throw new NotPermittedError(what);
}

function isRequester(actor: Actor, entry: FilteringEntry): boolean {
  return entry.askedBy.platform === actor.platform && entry.askedBy.userId === actor.userId;
}

async function mayDecide(deps: CoreDeps, actor: Actor, school: School, entry: FilteringEntry, action: string): Promise<void> {
  const approvers = filteringPolicy(school).approvers;
  const titles = approvers.map((r) => roleTitle(school, r)).join(' or ');
  if (!rolesOf(actor, school).some((r) => approvers.includes(r))) await refuse(deps, actor, school, entry, action, 'not-approver', `answer an unblock request (the ${titles})`);
  if (isRequester(actor, entry)) await refuse(deps, actor, school, entry, action, 'own-request', `answer an unblock request: not the person who asked for it (another ${titles})`);
}

async function save(deps: CoreDeps, entry: Stored<FilteringEntry>, changed: FilteringEntry): Promise<Stored<FilteringEntry>> {
  try {
    return await deps.store.replace('filtering', changed, entry._etag);
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const now = await deps.store.get<FilteringEntry>('filtering', entry.schoolId, entry.id);
    throw new AlreadyDecidedError(now ?? entry);
  }
}

/** Approves a waiting request: the entry becomes an unblock until its end; the teacher is told; the technician too if someone else approved. */
export async function approveUnblock(deps: CoreDeps, actor: Actor, target: FilteringTarget): Promise<Stored<FilteringEntry>> {
  const action = 'filtering.unblock-approve';
  const { school, entry } = await load(deps, actor, target, action);
  await mayDecide(deps, actor, school, entry, action);
  if (entry.status !== 'requested') throw new AlreadyDecidedError(entry);
  const now = deps.clock.now();
  if (!entry.until || Date.parse(entry.until) <= now.getTime())
    throw new InvalidInputError({ until: 'The time this was asked for has already passed, so nothing was changed. The teacher can ask again.' });
  const saved = await save(deps, entry, { ...entry, status: 'unblocked', decidedBy: actorRef(actor), decidedAt: now.toISOString() });
  await enqueue(
    deps.store,
    {
      id: `unblock-outcome:${entry.id}:unblocked`,
      schoolId: school.id,
      message: 'unblock-outcome',
      to: { kind: 'person', person: entry.askedBy },
      filtering: { entryId: entry.id, outcome: 'unblocked' },
    },
    now,
  );
  if (!rolesOf(actor, school).includes('it-technician'))
    await enqueue(
      deps.store,
      { id: `unblock-now:${entry.id}`, schoolId: school.id, message: 'unblock-now', to: { kind: 'role', role: 'it-technician' }, platform: actor.platform, filtering: { entryId: entry.id } },
      now,
    );
  await queueRequestCardRedraws(deps, school, saved, 'unblocked', actor);
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action, outcome: 'ok', detail: entry.id });
  return saved;
}

/** Refuses a waiting request with the approver's reason (required); the teacher is told the reason. */
export async function refuseUnblock(deps: CoreDeps, actor: Actor, target: FilteringTarget, reason: string): Promise<Stored<FilteringEntry>> {
  const action = 'filtering.unblock-refuse';
  const { school, entry } = await load(deps, actor, target, action);
  await mayDecide(deps, actor, school, entry, action);
  const why = reason.trim();
  if (!why) throw new InvalidInputError({ reason: 'Say why it is refused, so the teacher knows (and the log keeps it).' });
  if (why.length > MAX_REASON_LENGTH) throw new InvalidInputError({ reason: `Please keep the reason under ${MAX_REASON_LENGTH} characters.` });
  if (entry.status !== 'requested') throw new AlreadyDecidedError(entry);
  const now = deps.clock.now();
  const saved = await save(deps, entry, { ...entry, status: 'refused', decidedBy: actorRef(actor), decidedAt: now.toISOString(), refusal: why });
  await enqueue(
    deps.store,
    { id: `unblock-outcome:${entry.id}:refused`, schoolId: school.id, message: 'unblock-outcome', to: { kind: 'person', person: entry.askedBy }, filtering: { entryId: entry.id, outcome: 'refused' } },
    now,
  );
  await queueRequestCardRedraws(deps, school, saved, 'refused', actor);
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action, outcome: 'ok', detail: entry.id });
  return saved;
}

/** "Blocked again": the technician (or an approver) records that an unblocked site is blocked again; a re-block entry joins the log and the teacher is told. */
export async function recordReblock(deps: CoreDeps, actor: Actor, target: FilteringTarget): Promise<Stored<FilteringEntry>> {
  const action = 'filtering.reblock';
  const { school, entry } = await load(deps, actor, target, action);
  const may = [...FILTERING_CHANGERS, ...filteringPolicy(school).approvers];
  if (!rolesOf(actor, school).some((r) => may.includes(r)))
    await refuse(deps, actor, school, entry, action, 'not-technician', `record that a site is blocked again (the ${roleTitle(school, 'it-technician')})`);
  if (entry.kind !== 'unblock' || entry.status !== 'unblocked') throw new AlreadyDecidedError(entry);
  const now = deps.clock.now();
  const saved = await save(deps, entry, { ...entry, status: 're-blocked', reBlockedBy: actorRef(actor), reBlockedAt: now.toISOString() });
  const id = filteringEntryId(['re-block', entry.id]);
  await deps.store
    .create<FilteringEntry>('filtering', {
      id,
      schoolId: school.id,
      ref: filteringRef(id),
      kind: 're-block',
      status: 'recorded',
      what: entry.what,
      why: `the unblock ${entry.ref} ended`,
      askedBy: entry.askedBy,
      askedAt: now.toISOString(),
      decidedBy: actorRef(actor),
      decidedAt: now.toISOString(),
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'conflict') throw error;
    });
  await enqueue(
    deps.store,
    {
      id: `unblock-outcome:${entry.id}:re-blocked`,
      schoolId: school.id,
      message: 'unblock-outcome',
      to: { kind: 'person', person: entry.askedBy },
      filtering: { entryId: entry.id, outcome: 're-blocked' },
    },
    now,
  );
  // Every approver's card, the presser's too: an approver's own card still offers Blocked again.
  await queueRequestCardRedraws(deps, school, saved, 're-blocked');
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action, outcome: 'ok', detail: entry.id });
  return saved;
}
