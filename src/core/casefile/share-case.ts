/**
 * `shareCase` and `revokeShare`: a lead of the incident (the DSL, or the head who leads a staff matter)
 * brings in one named colleague from the school's people, read-only or with one task, until a school day
 * no later than a year ahead; and may take it back. Never anyone who may be the subject. Each is an
 * etag-checked write with a chronology entry and an audit event (ids only); the colleague is told through
 * the outbox (`case-shared`), and the sharing section says whether that message reached them.
 */
import type { Stored } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import { addMonths } from '../calendar/months';
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { type OutboxMessage, enqueue } from '../delivery/outbox';
import { DomainError, InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import { MAX_TEXT } from '../incidents/act-on-incident';
import { type CaseShare, SHARED_TASK_ROLE, type SharePerson } from '../incidents/case-share';
import { type Incident, isOpen } from '../incidents/incident';
import { updateTask } from '../incidents/update-task';
import { reloadAfterLostRace } from '../incidents/write-conflicts';
import { type Actor, actorRef } from '../people/actor';
import { personKey } from '../people/person-key';
import type { Person } from '../people/person-record';
import { findSchool } from '../people/resolve-school';
import type { PersonIdentity, School } from '../policy/schema';
import { formatLondon } from '../text/time-words';
import { isLiveShare, liveSharesOf, mayLead, mayRead } from '../assignments/who-may';
import { accessWords, dayWords } from './case-shared-view';

/** The longest a share may last: one school year from today. */
export const MAX_SHARE_MONTHS = 12;

/** A share request as the form sent it: only the ids are trusted, and only after loading the incident. */
export interface ShareRequest {
  schoolId: string;
  incidentId: string;
  /** Untrusted form values: `person` (a key from `shareCandidates`), `access`, `taskText`, `taskDue`, `until`, `reason`. */
  values?: Record<string, unknown>;
}

/** Someone a case may be shared with: a member of staff on the register, or a role holder in the pack. */
export interface ShareCandidate extends SharePerson {}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is a real calendar date written YYYY-MM-DD. */
function isRealDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function sameIdentity(a: Pick<PersonIdentity, 'email' | 'teamsUserId' | 'slackUserId'>, b: Pick<PersonIdentity, 'email' | 'teamsUserId' | 'slackUserId'>): boolean {
  if (a.teamsUserId && a.teamsUserId === b.teamsUserId) return true;
  if (a.slackUserId && a.slackUserId === b.slackUserId) return true;
  return Boolean(a.email && b.email && a.email.toLowerCase() === b.email.toLowerCase());
}

/** True when the person may be the incident's subject: a holder of a role it keeps out, or someone it names as excluded. */
export function isExcludedFromCase(deps: Pick<CoreDeps, 'pack'>, school: School, incident: Pick<Incident, 'routing'>, person: SharePerson): boolean {
  if ((incident.routing.excludedPeople ?? []).includes(person.key)) return true;
  const roles = incident.routing.excludedRoles ?? [];
  return roles.some((r) => (school.roles[r]?.holders ?? deps.pack.trust.roles[r]?.holders ?? []).some((h) => personKey(h) === person.key || sameIdentity(h, person)));
}

function fromRegister(p: Person): SharePerson {
  const ids = {
    ...(p.email && { email: p.email }),
    ...(p.platform === 'teams' && p.userId && { teamsUserId: p.userId }),
    ...(p.platform === 'slack' && p.userId && { slackUserId: p.userId }),
  };
  return { key: personKey({ ...ids, name: p.name }), name: p.name, ...ids };
}

/**
 * The staff a lead may share this case with, by name: active staff on the register and the school's
 * role holders, each once, never the lead themselves and never anyone who may be the subject.
 */
export async function shareCandidates(deps: CoreDeps, school: School, incident: Pick<Incident, 'routing'>, actor: Actor): Promise<ShareCandidate[]> {
  const register = await deps.store.query<Person>('people', { schoolId: school.id, where: [{ field: 'status', op: '=', value: 'active' }] });
  const holders = Object.values(school.roles).flatMap((r) => r?.holders ?? []);
  const people: SharePerson[] = [
    ...holders.map((h) => ({
      key: personKey(h),
      name: h.name,
      ...(h.email && { email: h.email }),
      ...(h.teamsUserId && { teamsUserId: h.teamsUserId }),
      ...(h.slackUserId && { slackUserId: h.slackUserId }),
    })),
    ...register.filter((p) => p.audience === 'staff' && (p.userId || p.email)).map(fromRegister),
  ];
  const me = { email: actor.email, ...(actor.platform === 'teams' ? { teamsUserId: actor.userId } : { slackUserId: actor.userId }) };
  const seen: SharePerson[] = [];
  for (const p of people) {
    if (isExcludedFromCase(deps, school, incident, p) || sameIdentity(p, me) || actor.aliases?.includes(p.teamsUserId ?? '')) continue;
    const known = seen.find((s) => s.key === p.key || sameIdentity(s, p));
    // One person found twice (their role and their chat): keep every way of reaching them.
    if (known) Object.assign(known, { ...p, ...known });
    else seen.push({ ...p });
  }
  return seen.sort((a, b) => a.name.localeCompare(b.name));
}

function text(values: ShareRequest['values'], key: string, label: string): string {
  const raw = values?.[key];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) throw new InvalidInputError({ [key]: `Please write ${label}.` });
  if (value.length > MAX_TEXT) throw new InvalidInputError({ [key]: `Please keep ${label} under ${MAX_TEXT} characters.` });
  return value;
}

function date(values: ShareRequest['values'], key: string, label: string, today: string, latest: string, latestWords: string): string {
  const raw = values?.[key];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) throw new InvalidInputError({ [key]: `Please choose ${label}.` });
  if (!isRealDate(value)) throw new InvalidInputError({ [key]: `Please choose ${label} from the calendar (it was not a real date).` });
  if (value < today) throw new InvalidInputError({ [key]: `${label.charAt(0).toUpperCase()}${label.slice(1)} cannot be in the past.` });
  if (value > latest) throw new InvalidInputError({ [key]: `${label.charAt(0).toUpperCase()}${label.slice(1)} can be ${latestWords} at the latest (${dayWords(latest)}).` });
  return value;
}

/** 17:00 on `date` in the school's time zone, as an instant: when a shared task is due. */
function endOfSchoolDay(date: string, timeZone: string): string {
  const guess = new Date(`${date}T17:00:00Z`);
  const local = localTime(guess, timeZone);
  const offset = Date.parse(`${local.date}T${local.time}:00Z`) - guess.getTime();
  return new Date(guess.getTime() - offset).toISOString();
}

async function loadForLead(deps: CoreDeps, actor: Actor, request: Pick<ShareRequest, 'schoolId' | 'incidentId'>, action: string) {
  const school = findSchool(deps.pack, request.schoolId);
  const incident = school ? await deps.store.get<Incident>('incidents', request.schoolId, request.incidentId) : undefined;
  if (!school || !incident) throw new NotFoundError('incident');
  if (!mayLead(deps.pack, school, incident, actor)) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action, outcome: 'refused', incidentId: incident.id });
    throw new NotPermittedError('share this case');
  }
  return { school, incident };
}

/** Where the colleague is told: on the platform the lead is using when the colleague is on it too, else wherever the bot can find them. */
function platformFor(person: SharePerson, actor: Actor): 'teams' | 'slack' {
  const on = (p: 'teams' | 'slack') => (p === 'teams' ? Boolean(person.teamsUserId) : Boolean(person.slackUserId));
  if (on(actor.platform)) return actor.platform;
  const other = actor.platform === 'teams' ? 'slack' : 'teams';
  return on(other) ? other : actor.platform;
}

/** The outbox id of the message telling a colleague about their share (so the section can read whether it arrived). */
export function shareMessageId(incidentId: string, shareId: string): string {
  return `${incidentId}:share:${shareId}`;
}

/**
 * Shares the case with one colleague for a lead (others are refused and audited). Refuses, changing
 * nothing: an unknown person or anyone who may be the subject, a missing reason, a date in the past,
 * more than a year ahead or not a date, a task without its words or with a due date after the share
 * ends, a second live share with the same person, and a task on a closed case.
 */
export async function shareCase(deps: CoreDeps, actor: Actor, request: ShareRequest): Promise<{ incident: Stored<Incident>; share: CaseShare }> {
  const loaded = await loadForLead(deps, actor, request, 'incident.share');
  const { school } = loaded;
  let incident = loaded.incident;
  const values = request.values;
  const key = typeof values?.person === 'string' ? values.person : '';
  const candidates = await shareCandidates(deps, school, incident, actor);
  const person = candidates.find((c) => c.key === key);
  if (!person) {
    const excluded = key.length > 0 && key.length <= 200 && isExcludedFromCase(deps, school, incident, { key, name: '' });
    if (excluded) await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'incident.share', outcome: 'refused', incidentId: incident.id, detail: 'may-be-subject' });
    throw new InvalidInputError({ person: excluded ? 'This case cannot be shared with that person: they may be who it is about.' : 'Please choose a colleague from the list.' });
  }
  const access = values?.access === 'task' ? 'task' : values?.access === 'read' || values?.access === undefined ? 'read' : undefined;
  if (!access) throw new InvalidInputError({ access: 'Please choose read only or with a task.' });
  const today = localTime(deps.clock.now(), school.timeZone).date;
  const latest = addMonths(today, MAX_SHARE_MONTHS);
  const until = date(values, 'until', 'the date it ends', today, latest, 'a year from today');
  const reason = text(values, 'reason', 'why they need to know');
  const taskText = access === 'task' ? text(values, 'taskText', 'the task') : undefined;
  const taskDue = access === 'task' ? date(values, 'taskDue', 'when the task is due', today, until, 'the day the share ends') : undefined;
  if (access === 'task' && !isOpen(incident)) throw new DomainError('already-closed', `${incident.reference} is closed, so it can be shared to read only.`);

  for (let attempt = 0; ; attempt++) {
    const now = deps.clock.now();
    const live = (incident.shares ?? []).find((s) => s.person.key === person.key && isLiveShare(s, now, school.timeZone));
    if (live) throw new DomainError('already-shared', `${incident.reference} is already shared with ${person.name} until ${dayWords(live.until)}. Revoke that first to change it.`);
    const at = now.toISOString();
    const by = actorRef(actor);
    const id = `share-${(incident.shares?.length ?? 0) + 1}`;
    const taskId = taskText ? `${id}-task` : undefined;
    const share: CaseShare = { id, person, access, until, reason, sharedAt: at, sharedBy: by, ...(taskId && { taskId }) };
    const tasks =
      taskText && taskId && taskDue
        ? [...incident.tasks, { id: taskId, text: taskText, ownerRole: SHARED_TASK_ROLE, ownerName: person.name, due: endOfSchoolDay(taskDue, school.timeZone), done: false, status: 'open' as const }]
        : incident.tasks;
    const detail = `Shared with ${person.name} until ${dayWords(until)} (${accessWords(share)}${taskText ? `: ${taskText}` : ''}). Reason: ${reason}`;
    const { _etag, ...body } = incident;
    try {
      const saved = await deps.store.replace<Incident>(
        'incidents',
        { ...body, shares: [...(body.shares ?? []), share], tasks, chronology: [...body.chronology, { at, by, action: 'shared', detail }] },
        _etag,
      );
      await recordAudit(deps, { schoolId: school.id, actor: by, action: 'incident.share', outcome: 'ok', incidentId: saved.id, detail: id });
      await enqueue(
        deps.store,
        {
          id: shareMessageId(saved.id, id),
          schoolId: saved.schoolId,
          incidentId: saved.id,
          message: 'case-shared',
          to: { kind: 'holder', holder: person },
          platform: platformFor(person, actor),
          shareId: id,
          ...(taskId && { taskIds: [taskId] }),
        },
        now,
      );
      return { incident: saved, share };
    } catch (error) {
      incident = await reloadAfterLostRace(deps.store, error, attempt, incident);
    }
  }
}

/** Ends a live share at once, for a lead (others are refused and audited); its task, if open, is marked not needed. */
export async function revokeShare(deps: CoreDeps, actor: Actor, request: { schoolId: string; incidentId: string; shareId: string }): Promise<Stored<Incident>> {
  const loaded = await loadForLead(deps, actor, request, 'incident.share-revoke');
  const { school } = loaded;
  let incident = loaded.incident;
  for (let attempt = 0; ; attempt++) {
    const now = deps.clock.now();
    const share = (incident.shares ?? []).find((s) => s.id === request.shareId);
    if (!share) throw new NotFoundError('share');
    if (!isLiveShare(share, now, school.timeZone)) throw new DomainError('share-ended', `Sharing with ${share.person.name} has already ended.`);
    const at = now.toISOString();
    const by = actorRef(actor);
    const tasks = incident.tasks.map((t) =>
      t.id === share.taskId && (t.status ?? (t.done ? 'done' : 'open')) === 'open' ? { ...t, status: 'not-needed' as const, closedAt: at, closedBy: by, reason: 'Sharing was revoked.' } : t,
    );
    const { _etag, ...body } = incident;
    try {
      const saved = await deps.store.replace<Incident>(
        'incidents',
        {
          ...body,
          shares: (body.shares ?? []).map((s) => (s.id === share.id ? { ...s, revokedAt: at, revokedBy: by } : s)),
          tasks,
          chronology: [...body.chronology, { at, by, action: 'share-revoked', detail: `Sharing with ${share.person.name} revoked.` }],
        },
        _etag,
      );
      await recordAudit(deps, { schoolId: school.id, actor: by, action: 'incident.share-revoke', outcome: 'ok', incidentId: saved.id, detail: share.id });
      return saved;
    } catch (error) {
      incident = await reloadAfterLostRace(deps.store, error, attempt, incident);
    }
  }
}

/** What the "Share with a colleague" form offers: the people, the dates allowed, and the case's reference. */
export interface ShareFormView {
  schoolId: string;
  incidentId: string;
  reference: string;
  title: string;
  people: Array<{ key: string; name: string }>;
  /** YYYY-MM-DD: the first and last day the share may end on. */
  today: string;
  latest: string;
  accessChoices: Array<{ value: 'read' | 'task'; title: string }>;
  /** Why the form cannot be used, when nobody may be chosen. */
  emptyLine?: string;
}

/** The share form for a lead (others are refused and audited). */
export async function openShareForm(deps: CoreDeps, actor: Actor, request: Pick<ShareRequest, 'schoolId' | 'incidentId'>): Promise<ShareFormView> {
  const { school, incident } = await loadForLead(deps, actor, request, 'incident.share');
  const people = (await shareCandidates(deps, school, incident, actor)).map((p) => ({ key: p.key, name: p.name }));
  const today = localTime(deps.clock.now(), school.timeZone).date;
  return {
    schoolId: incident.schoolId,
    incidentId: incident.id,
    reference: incident.reference,
    title: `Share ${incident.reference} with a colleague`,
    people,
    today,
    latest: addMonths(today, MAX_SHARE_MONTHS),
    accessChoices: [
      { value: 'read', title: 'Read only' },
      { value: 'task', title: 'Read, with a task for them' },
    ],
    ...(!people.length && { emptyLine: 'There is nobody on the register this case can be shared with.' }),
  };
}

/**
 * The colleague marks the task their share carries as done: `updateTask` checks the share is theirs and
 * still live (anyone else is refused and audited), and writes the chronology. Returns the share too, to
 * redraw their message.
 */
export async function doSharedTask(deps: CoreDeps, actor: Actor, request: { schoolId: string; incidentId: string; shareId: string }): Promise<{ incident: Stored<Incident>; share: CaseShare }> {
  const incident = await deps.store.get<Incident>('incidents', request.schoolId, request.incidentId);
  const share = incident?.shares?.find((s) => s.id === request.shareId);
  if (!incident || !share?.taskId) throw new NotFoundError('task');
  const saved = await updateTask(deps, actor, { schoolId: request.schoolId, incidentId: request.incidentId, taskId: share.taskId, action: 'task-done' });
  return { incident: saved, share: (saved.shares ?? []).find((s) => s.id === share.id) ?? share };
}

/**
 * After an attempt to deliver a `case-shared` message: the lead who shared is told, truthfully, once it
 * reached the colleague, and once if it could not (the bot keeps trying; they are asked to tell them in
 * person). Does nothing for any other message; safe to run twice (fixed ids).
 */
export async function followUpShare(deps: CoreDeps, message: OutboxMessage): Promise<void> {
  if (message.message !== 'case-shared' || !message.incidentId || !message.shareId) return;
  const reached = message.status === 'sent';
  if (!reached && !message.unreachable) return;
  const incident = await deps.store.get<Incident>('incidents', message.schoolId, message.incidentId);
  const share = incident?.shares?.find((s) => s.id === message.shareId);
  if (!incident || !share) return;
  const text = reached
    ? `${share.person.name} has been told that ${incident.reference} is shared with them: the message reached them${message.sentAt ? ` ${formatLondon(message.sentAt)}` : ''}.`
    : `The message telling ${share.person.name} that ${incident.reference} is shared with them has NOT reached them yet (they may not have opened a chat with the bot). I will keep trying; please tell them in person.`;
  await enqueue(
    deps.store,
    {
      id: `${message.id}:told:${reached ? 'reached' : 'not-reached'}`,
      schoolId: message.schoolId,
      incidentId: incident.id,
      message: 'share-delivery',
      to: { kind: 'person', person: share.sharedBy },
      shareId: share.id,
      text,
    },
    deps.clock.now(),
  );
}

/** The live share the actor reads this case through, when a share is their only way in (not a lead or task holder); else undefined. */
export function readingByShare(deps: Pick<CoreDeps, 'pack' | 'clock'>, school: School, incident: Incident, actor: Actor): CaseShare | undefined {
  if (mayRead(deps.pack, school, incident, actor)) return undefined;
  const ids = new Set(liveSharesOf(deps.pack, school, incident, actor, deps.clock.now()).map((s) => s.id));
  return (incident.shares ?? []).find((s) => ids.has(s.id));
}
