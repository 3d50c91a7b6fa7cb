/**
 * `openDecisionForm` and `recordDecision`: a lead of the incident records what was decided and done as
 * fields (parents or carers told or not, a sanction from the school's table, a referral's details, LADO
 * contact, reopening, a change of type). Only the incident's leads may (`mayLead`); a refusal is audited.
 * Every value is checked (real dates, not in the future where that makes no sense, length limits, the
 * category in the school's table) and a bad one changes nothing. Each change is an etag-checked write
 * with a chronology entry and an audit event (codes and ids only), and the posted cards are redrawn.
 */
import type { Stored } from '../../ports/document-store';
import type { IncidentTask } from '../assignments/incident-task';
import { sanctionActionValue } from './decision-form';
import { mayLead } from '../assignments/who-may';
import { recordAudit } from '../audit/audit-log';
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { DomainError, InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import { queueCardUpdate } from '../incidents/act-on-incident';
import { type Incident, type Referral, isOpen } from '../incidents/incident';
import { PARENT_CONTACT_METHODS, type ParentContactMethod, type SanctionCategory, sanctionAppliesTo } from '../incidents/incident-decisions';
import { reloadAfterLostRace } from '../incidents/write-conflicts';
import { type Actor, actorRef, rolesOf } from '../people/actor';
import { findSchool } from '../people/resolve-school';
import { sanctionsFor } from '../policy/sanctions';
import type { School } from '../policy/schema';
import { formatWallClock } from '../text/time-words';
import {
  DECISION_BUTTONS,
  DECISION_LIMITS,
  type DecisionKind,
  type DecisionFormView,
  METHOD_WORDS,
  TYPE_CHANGE_NOTE,
  agencyName,
  decisionForm,
  parseDecisionRef,
  sanctionActionChoices,
} from './decision-form';

/** A decision form's submission: only the ids are trusted, and only after loading the incident; `ref` says which decision. */
export interface DecisionRequest {
  schoolId: string;
  incidentId: string;
  /** `decisionRef(kind, index)` from the form (untrusted). */
  ref: unknown;
  /** Untrusted form values. */
  values?: Record<string, unknown>;
}

/** A press of one of the section's buttons (the form it opens). */
export interface DecisionFormRequest {
  schoolId: string;
  incidentId: string;
  /** The button's action id (untrusted). */
  action: string;
  /** The button's `ref`: a referral's place in the list (untrusted). */
  ref?: unknown;
}

const BAD_FORM = "This form's details were not recognised, so nothing was changed.";

async function loadForLead(deps: CoreDeps, actor: Actor, schoolId: string, incidentId: string, kind: DecisionKind): Promise<{ incident: Stored<Incident>; school: School }> {
  const school = findSchool(deps.pack, schoolId);
  const incident = school ? await deps.store.get<Incident>('incidents', schoolId, incidentId) : undefined;
  if (!school || !incident) throw new NotFoundError('incident');
  if (!mayLead(deps.pack, school, incident, actor)) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: `incident.decision.${kind}`, outcome: 'refused', incidentId: incident.id });
    throw new NotPermittedError('record what was decided on this incident');
  }
  return { incident, school };
}

function checkState(incident: Incident, kind: DecisionKind): void {
  if (kind === 'reopen' && isOpen(incident)) throw new DomainError('not-closed', `${incident.reference} is not closed, so there is nothing to reopen.`);
  if (kind !== 'reopen' && !isOpen(incident)) throw new DomainError('already-closed', `${incident.reference} is closed. Reopen it first to record anything more.`);
}

/** The form a section button opens, for a lead of an incident in the right state (others are refused and audited). */
export async function openDecisionForm(deps: CoreDeps, actor: Actor, request: DecisionFormRequest): Promise<DecisionFormView> {
  const kind = (DECISION_BUTTONS as Record<string, DecisionKind | undefined>)[request.action];
  const index = typeof request.ref === 'string' && /^\d{1,3}$/.test(request.ref) ? Number(request.ref) : undefined;
  if (!kind || (kind === 'referral') !== (index !== undefined)) throw new DomainError('bad-form', BAD_FORM);
  const { incident, school } = await loadForLead(deps, actor, request.schoolId, request.incidentId, kind);
  checkState(incident, kind);
  const form = decisionForm(deps.pack, school, incident, actor, kind, deps.clock.now(), index);
  if (!form) throw new NotFoundError('referral');
  return form;
}

function text(values: DecisionRequest['values'], key: string, label: string, required: boolean, max: number = DECISION_LIMITS.text): string | undefined {
  const raw = values?.[key];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) {
    if (required) throw new InvalidInputError({ [key]: `Please write ${label}.` });
    return undefined;
  }
  if (value.length > max) throw new InvalidInputError({ [key]: `Please keep ${label} under ${max} characters.` });
  return value;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateRule {
  notBefore?: { day: string; why: string };
  notAfter?: { day: string; why: string };
}

function day(values: DecisionRequest['values'], key: string, label: string, required: boolean, rule: DateRule): string | undefined {
  const raw = values?.[key];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) {
    if (required) throw new InvalidInputError({ [key]: `Please choose ${label}.` });
    return undefined;
  }
  const m = DATE.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new InvalidInputError({ [key]: `That is not a real date: please choose ${label} from the calendar.` });
  }
  if (rule.notBefore && value < rule.notBefore.day) throw new InvalidInputError({ [key]: rule.notBefore.why });
  if (rule.notAfter && value > rule.notAfter.day) throw new InvalidInputError({ [key]: rule.notAfter.why });
  return value;
}

function choice<T extends string>(values: DecisionRequest['values'], key: string, allowed: readonly T[], error: string): T {
  const raw = values?.[key];
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) throw new InvalidInputError({ [key]: error });
  return raw as T;
}

/** The instant working hours end on `date` in the school's zone: when a task for that day is due. */
function endOfWorkingDay(date: string, end: string, timeZone: string): string {
  const noon = new Date(`${date}T12:00:00Z`);
  const wall = localTime(noon, timeZone);
  const offset = Date.parse(`${wall.date}T${wall.time}:00Z`) - noon.getTime();
  return new Date(Date.parse(`${date}T${end}:00Z`) - offset).toISOString();
}

type Change = { incident: Incident; action: string; detail: string; audit?: string };

interface Context {
  deps: CoreDeps;
  school: School;
  actor: Actor;
  values: DecisionRequest['values'];
  now: Date;
  today: string;
  /** Past days: not after today, not before the day the incident was reported. */
  past: DateRule;
}

function stamp(ctx: Context, list: unknown[] | undefined, prefix: string) {
  return { id: `${prefix}-${(list?.length ?? 0) + 1}`, recordedAt: ctx.now.toISOString(), recordedBy: actorRef(ctx.actor) };
}

function withEntry(ctx: Context, incident: Incident, change: Omit<Change, 'incident'> & { incident: Incident }): Change {
  const entry = { at: ctx.now.toISOString(), by: actorRef(ctx.actor), action: change.action, detail: change.detail };
  return { ...change, incident: { ...change.incident, chronology: [...incident.chronology, entry] } };
}

function applyReferral(ctx: Context, incident: Incident, index: number): Change {
  const referral = incident.referrals[index];
  if (!referral) throw new NotFoundError('referral');
  const v = ctx.values;
  const referredOn = day(v, 'referredOn', 'the day it was referred', true, ctx.past) as string;
  const referenceNumber = text(v, 'referenceNumber', 'the reference number', false, DECISION_LIMITS.referenceNumber);
  const advice = text(v, 'advice', 'the advice', false);
  const outcome = text(v, 'outcome', 'the outcome', false);
  const yearAhead = `${Number(ctx.today.slice(0, 4)) + 1}${ctx.today.slice(4)}`;
  const followUpOn = day(v, 'followUpOn', 'the follow-up day', false, {
    notBefore: { day: ctx.today, why: 'The follow-up day has already passed: please choose today or a later day.' },
    notAfter: { day: yearAhead, why: 'Please choose a follow-up day within a year.' },
  });
  const agency = agencyName(ctx.deps.pack, ctx.school, referral.agency);
  const by = actorRef(ctx.actor);
  let tasks = incident.tasks;
  let routing = incident.routing;
  const taskId = followUpOn ? `referral-${index}-follow-up-${followUpOn}` : undefined;
  const previous = referral.followUpTaskId ? tasks.find((t) => t.id === referral.followUpTaskId) : undefined;
  if (previous && previous.id !== taskId && (previous.status ?? (previous.done ? 'done' : 'open')) === 'open') {
    const reason = followUpOn ? 'The follow-up day was changed.' : 'The follow-up day was taken off.';
    tasks = tasks.map((t) => (t.id === previous.id ? { ...t, status: 'not-needed' as const, done: false, closedAt: ctx.now.toISOString(), closedBy: by, reason } : t));
  }
  if (taskId && followUpOn && !tasks.some((t) => t.id === taskId)) {
    const held = rolesOf(ctx.actor, ctx.school);
    const ownerRole = incident.routing.actingRoles.find((r) => held.includes(r)) ?? incident.routing.actingRoles[0] ?? 'dsl';
    const task: IncidentTask = {
      id: taskId,
      text: `Follow up the referral to ${agency}${referenceNumber ? ` (reference ${referenceNumber})` : ''}`,
      ownerRole,
      ownerName: ctx.actor.name,
      due: endOfWorkingDay(followUpOn, ctx.deps.pack.aup.workingHours.end, ctx.school.timeZone),
      done: false,
      status: 'open',
    };
    tasks = [...tasks, task];
    // The lead's reminders of overdue tasks come from the plan's people: the task is theirs too.
    routing = { ...routing, people: routing.people.map((p) => (p.part === 'lead' && p.roles.includes(ownerRole) ? { ...p, taskIds: [...p.taskIds, taskId] } : p)) };
  }
  const changed: Referral = {
    agency: referral.agency,
    at: referral.at,
    by: referral.by,
    ...(referral.note && { note: referral.note }),
    referredOn,
    ...(referenceNumber && { referenceNumber }),
    ...(advice && { advice }),
    ...(outcome && { outcome }),
    ...(followUpOn && taskId && { followUpOn, followUpTaskId: taskId }),
    detailsAt: ctx.now.toISOString(),
    detailsBy: by,
  };
  const words = [
    `${agency}, referred on ${formatWallClock(referredOn)}`,
    referenceNumber && `Reference: ${referenceNumber}`,
    advice && `Advice: ${advice}`,
    outcome && `Outcome: ${outcome}`,
    followUpOn && `Follow up on ${formatWallClock(followUpOn)}`,
  ].filter(Boolean);
  return {
    incident: { ...incident, tasks, routing, referrals: incident.referrals.map((r, i) => (i === index ? changed : r)) },
    action: 'referral-details',
    detail: words.join('. '),
    audit: `agency=${referral.agency};follow-up=${followUpOn ? 'yes' : 'no'}`,
  };
}

function apply(ctx: Context, incident: Incident, kind: DecisionKind, index: number | undefined): Change {
  checkState(incident, kind);
  const v = ctx.values;
  switch (kind) {
    case 'parents-informed': {
      const on = day(v, 'on', 'the day they were told', true, ctx.past) as string;
      const toldBy = text(v, 'toldBy', 'who told them', true, DECISION_LIMITS.name) as string;
      const method = choice<ParentContactMethod>(v, 'method', PARENT_CONTACT_METHODS, 'Please choose how they were told.');
      const note = text(v, 'note', 'the note', false);
      const entry = { ...stamp(ctx, incident.parents, 'parents'), kind: 'informed' as const, on, toldBy, method, ...(note && { note }) };
      const detail = `${METHOD_WORDS[method]}, on ${formatWallClock(on)}, by ${toldBy}${note ? `. ${note}` : ''}`;
      return { incident: { ...incident, parents: [...(incident.parents ?? []), entry] }, action: 'parents-informed', detail, audit: `method=${method}` };
    }
    case 'parents-not-told': {
      const reason = text(v, 'reason', 'the reason', true) as string;
      const entry = { ...stamp(ctx, incident.parents, 'parents'), kind: 'not-told' as const, reason };
      return { incident: { ...incident, parents: [...(incident.parents ?? []), entry] }, action: 'parents-not-told', detail: reason };
    }
    case 'sanction': {
      const appliesTo = sanctionAppliesTo(incident.subject);
      const table = sanctionsFor(ctx.deps.pack, ctx.school)[appliesTo];
      const category = choice(v, 'category', Object.keys(table) as SanctionCategory[], 'Please choose a category from the list.');
      const level = (table as Record<string, { title: string }>)[category] as { title: string };
      const offered = sanctionActionChoices(ctx.deps.pack, ctx.school, incident);
      const raw = typeof v?.actions === 'string' ? v.actions : '';
      const picked = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const byValue = new Map(offered.map((a) => [sanctionActionValue(a), a]));
      if (picked.length > offered.length || picked.some((p) => !/^[0-9a-f]{12}$/.test(p))) {
        throw new InvalidInputError({ actions: 'Please choose what was done from the list.' });
      }
      // A fingerprint the list no longer has: the school changed its table after the form was opened.
      if (picked.some((p) => !byValue.has(p))) {
        throw new InvalidInputError({ actions: "The school's list of sanctions has changed since this form was opened. Please choose again from the list." });
      }
      const chosen = new Set(picked);
      const actions = offered.filter((a) => chosen.has(sanctionActionValue(a)));
      const other = text(v, 'other', 'what else was done', false, DECISION_LIMITS.other);
      if (!actions.length && !other) throw new InvalidInputError({ actions: 'Please choose what was done, or write it in the box below.' });
      const on = day(v, 'on', 'the day it was applied', true, ctx.past) as string;
      const entry = { ...stamp(ctx, incident.sanctions, 'sanction'), appliesTo, category, categoryTitle: level.title, actions, ...(other && { other }), on };
      const detail = `${level.title} (${appliesTo}), on ${formatWallClock(on)}: ${[...actions, ...(other ? [other] : [])].join('; ')}`;
      return { incident: { ...incident, sanctions: [...(incident.sanctions ?? []), entry] }, action: 'sanction', detail, audit: `applies-to=${appliesTo};category=${category}` };
    }
    case 'referral':
      return applyReferral(ctx, incident, index as number);
    case 'lado': {
      const on = day(v, 'on', 'the day of the contact', true, ctx.past) as string;
      const officer = text(v, 'officer', "the officer's name", true, DECISION_LIMITS.name) as string;
      const advice = text(v, 'advice', 'the advice given', true) as string;
      const referenceNumber = text(v, 'referenceNumber', 'the reference', false, DECISION_LIMITS.referenceNumber);
      const entry = { ...stamp(ctx, incident.ladoContacts, 'lado'), on, officer, advice, ...(referenceNumber && { referenceNumber }) };
      const detail = `${officer}, on ${formatWallClock(on)}${referenceNumber ? ` (reference ${referenceNumber})` : ''}. Advice: ${advice}`;
      return { incident: { ...incident, ladoContacts: [...(incident.ladoContacts ?? []), entry] }, action: 'lado-contact', detail };
    }
    case 'reopen': {
      const reason = text(v, 'reason', 'why it is being reopened', true) as string;
      const { outcome, closedAt, ...rest } = incident;
      const entry = { ...stamp(ctx, incident.reopenings, 'reopen'), reason, ...(outcome && { previousOutcome: outcome }), ...(closedAt && { previousClosedAt: closedAt }) };
      return { incident: { ...rest, status: 'in-progress', reopenings: [...(incident.reopenings ?? []), entry] }, action: 'reopened', detail: reason };
    }
    case 'type': {
      const others = ctx.deps.pack.procedures.filter((p) => p.id !== incident.procedureId);
      const id = choice(
        v,
        'procedure',
        others.map((p) => p.id),
        'Please choose the new type from the list.',
      );
      const to = others.find((p) => p.id === id) as { id: string; title: string };
      const reason = text(v, 'reason', 'why the type is changing', true) as string;
      const from = { procedureId: incident.procedureId, procedureTitle: incident.procedureTitle };
      const entry = { ...stamp(ctx, incident.typeChanges, 'type'), reason, from, to: { procedureId: to.id, procedureTitle: to.title } };
      return {
        incident: { ...incident, procedureId: to.id, procedureTitle: to.title, typeChanges: [...(incident.typeChanges ?? []), entry] },
        action: 'type-changed',
        detail: `From ${from.procedureTitle} to ${to.title}. ${reason} ${TYPE_CHANGE_NOTE}`,
        audit: `from=${from.procedureId};to=${to.id}`,
      };
    }
  }
}

/** Records one decision for a lead of the incident. Throws `InvalidInputError` (per field) or a `DomainError` with plain words; nothing changes then. */
export async function recordDecision(deps: CoreDeps, actor: Actor, request: DecisionRequest): Promise<Stored<Incident>> {
  const parsed = parseDecisionRef(request.ref);
  if (!parsed) throw new DomainError('bad-form', BAD_FORM);
  let { incident, school } = await loadForLead(deps, actor, request.schoolId, request.incidentId, parsed.kind);
  for (let attempt = 0; ; attempt++) {
    const now = deps.clock.now();
    const today = localTime(now, school.timeZone).date;
    const reportedDay = localTime(new Date(incident.reportedAt), school.timeZone).date;
    const past: DateRule = {
      notAfter: { day: today, why: 'That day is in the future: please choose today or an earlier day.' },
      notBefore: { day: reportedDay, why: `That day is before the incident was reported (${formatWallClock(reportedDay)}): please check it.` },
    };
    const ctx: Context = { deps, school, actor, values: request.values, now, today, past };
    const change = withEntry(ctx, incident, apply(ctx, incident, parsed.kind, parsed.index));
    const { _etag, ...body } = change.incident as Stored<Incident>;
    try {
      const saved = await deps.store.replace<Incident>('incidents', body, incident._etag);
      await recordAudit(deps, {
        schoolId: school.id,
        actor: actorRef(actor),
        action: `incident.decision.${parsed.kind}`,
        outcome: 'ok',
        incidentId: saved.id,
        ...(change.audit && { detail: change.audit }),
      });
      await queueCardUpdate(deps, saved, now);
      return saved;
    } catch (error) {
      // Someone else changed it at the same moment: re-read and apply this on top (or refuse if it no longer fits).
      incident = await reloadAfterLostRace(deps.store, error, attempt, incident);
    }
  }
}
