/**
 * The store-backed wizard use cases: `startReport` and `stepReport`. They load the state, run the pure
 * engine, save with an etag (so two presses of one button act once) and hand back what to draw.
 */
import { PreconditionFailedError, type Stored } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { NotFoundError, NotPermittedError } from '../errors';
import type { Incident } from './incident';
import { describeReceipt, type ReceiptView } from './receipt-view';
import { type ReportOptions, reportIncident } from './report-incident';
import { type Actor, actorRef } from '../people/actor';
import { findSchool, resolveSchool } from '../people/resolve-school';
import { safeguardingLeadWords } from '../wizard/report-rate-limit';
import { advanceWizard, newWizard } from '../wizard/wizard-engine';
import type { WizardInput, WizardState } from '../wizard/wizard-state';
import { type RegisterFacts, describeWizard, type WizardView } from '../wizard/wizard-view';
import { PUPIL_INPUTS, PUPIL_MATCH_LIMIT, MAX_PUPIL_QUERY, type PupilInfo, type RegisterCheck } from '../wizard/pupil-step';
import { findPupils } from '../pupils/find-pupils';
import type { Pupil } from '../pupils/pupil-record';
import { displayNameOf } from '../pupils/pupil-record';
import type { School } from '../policy/schema';

/** What a step of the wizard leads to: the next step to draw, the receipt of a report sent, or a cancelled report. */
export type StepOutcome = { kind: 'view'; view: WizardView } | { kind: 'submitted'; receipt: ReceiptView; incident: Stored<Incident> } | { kind: 'cancelled' };

/** Identifies a wizard from a card: only these ids are trusted, and only after loading from the store. */
export interface WizardRef {
  schoolId: string;
  wizardId: string;
  /** The revision the card was drawn at; a stale card shows the current step instead of acting. */
  revision?: number;
}

/** Starts a report for the actor at their school (limited by `deps.reportStarts`), stores the wizard and returns its first step. */
export async function startReport(deps: CoreDeps, actor: Actor, procedureId?: string): Promise<{ view: WizardView; ref: WizardRef }> {
  const school = resolveSchool(deps.pack, actor);
  deps.reportStarts?.(actor, safeguardingLeadWords(school));
  const registerInUse = await hasCurrentPupils(deps, school.id);
  const state = { ...newWizard({ id: deps.ids.next(), school, pack: deps.pack, reporter: actorRef(actor), now: deps.clock.now(), procedureId }), registerInUse };
  // Wizard steps are drafts: a person can answer a step again, so they need not wait for the disk.
  await deps.store.create<WizardState>('wizards', state, { durability: 'draft' });
  return { view: describeWizard(deps.pack, school, state), ref: { schoolId: school.id, wizardId: state.id, revision: state.revision } };
}

async function load(deps: CoreDeps, ref: WizardRef, actor: Actor): Promise<Stored<WizardState>> {
  const state = await deps.store.get<WizardState>('wizards', ref.schoolId, ref.wizardId);
  if (!state) throw new NotFoundError('report');
  if (state.reporter.platform !== actor.platform || state.reporter.userId !== actor.userId) {
    await recordAudit(deps, { schoolId: ref.schoolId, actor: actorRef(actor), action: 'wizard.step', outcome: 'refused', detail: ref.wizardId });
    throw new NotPermittedError('continue this report (only the person who started it can)');
  }
  return state;
}

/** Applies one step to the actor's own wizard (anyone else is refused and audited). A stale card shows the current step instead of acting twice; the review step's submit reports the incident. */
export async function stepReport(deps: CoreDeps, ref: WizardRef, actor: Actor, input: WizardInput, options?: ReportOptions): Promise<StepOutcome> {
  const stored = await load(deps, ref, actor);
  const school = findSchool(deps.pack, stored.schoolId);
  if (!school) throw new NotFoundError('school');
  if (stored.status === 'submitted') return submitted(deps, stored, options);
  if (stored.status === 'cancelled') return { kind: 'cancelled' };
  if (input.action !== 'cancel' && ref.revision !== undefined && ref.revision !== stored.revision) {
    // A stale or replayed card: show where the report really is rather than acting twice.
    return { kind: 'view', view: await viewOf(deps, school, stored) };
  }
  const { _etag, ...state } = stored;
  const register = await checkRegister(deps, stored, actor, input);
  const result = advanceWizard({ pack: deps.pack, school, now: deps.clock.now(), register }, state, input);
  const effect = result.effects[0];
  if (effect?.kind === 'submit') {
    return { kind: 'submitted', ...(await finish(deps, stored, options)) };
  }
  try {
    if (result.state !== state) await deps.store.replace<WizardState>('wizards', result.state, _etag, { durability: 'draft' });
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const current = await load(deps, ref, actor);
    if (current.status === 'submitted') return submitted(deps, current, options);
    return { kind: 'view', view: await viewOf(deps, school, current) };
  }
  if (effect?.kind === 'cancelled') return { kind: 'cancelled' };
  const errors = effect?.kind === 'field-errors' ? effect.errors : {};
  const search = effect?.kind === 'pupil-search' ? { text: effect.text, matches: await findPupils(deps, stored.schoolId, effect.text, PUPIL_MATCH_LIMIT) } : undefined;
  return { kind: 'view', view: await viewOf(deps, school, result.state, errors, search) };
}

/** True when the school has at least one current pupil on its register (so reports offer the pupil step). */
async function hasCurrentPupils(deps: CoreDeps, schoolId: string): Promise<boolean> {
  return (await deps.store.query<Pupil>('pupils', { schoolId, where: [{ field: 'status', op: '=', value: 'current' }], limit: 1 })).length > 0;
}

/** Steps from which the next may be the pupil step: only these need to know whether the school has a register. */
const BEFORE_PUPILS = new Set(['triage', 'triage-question', 'immediate-risk', 'urgent-action', 'question', 'subject-role', 'guidance']);

/**
 * What the engine needs of the register for this input: whether the school has current pupils, and
 * whether the pupil the person chose is one of them. Only the reporter's own school is read (one
 * partition); an id that is not a current pupil there (a tampered card, another school's child) is
 * refused by the engine, and audited here with ids only.
 */
async function checkRegister(deps: CoreDeps, state: WizardState, actor: Actor, input: WizardInput): Promise<RegisterCheck> {
  // Read once when the report started; a wizard stored before that was kept asks the store.
  const inUse = BEFORE_PUPILS.has(state.step.kind) ? (state.registerInUse ?? (await hasCurrentPupils(deps, state.schoolId))) : false;
  const chosen = state.step.kind === 'pupils' ? input.values?.[PUPIL_INPUTS.match] : undefined;
  if (typeof chosen !== 'string' || !chosen.trim()) return { inUse, verified: [] };
  const id = chosen.trim();
  const pupil = id.length <= 100 ? await deps.store.get<Pupil>('pupils', state.schoolId, id) : undefined;
  if (pupil?.status === 'current' && pupil.schoolId === state.schoolId) return { inUse, verified: [id] };
  await recordAudit(deps, { schoolId: state.schoolId, actor: actorRef(actor), action: 'wizard.pupil', outcome: 'refused', detail: state.id });
  return { inUse, verified: [] };
}

function infoOf(pupil: Pupil): PupilInfo {
  return { id: pupil.id, displayName: displayNameOf(pupil), yearGroup: pupil.yearGroup, registrationGroup: pupil.registrationGroup };
}

/** The step in words, with the chosen pupils' register entries read for the steps that name them (to the reporter only). */
async function viewOf(deps: CoreDeps, school: School, state: WizardState, errors: Record<string, string> = {}, search?: RegisterFacts['search']): Promise<WizardView> {
  const named = state.step.kind === 'pupils' || state.step.kind === 'review';
  const entries = named ? await Promise.all((state.pupils ?? []).map((p) => deps.store.get<Pupil>('pupils', state.schoolId, p.pupilId))) : [];
  const pupils = Object.fromEntries(entries.filter((p): p is Stored<Pupil> => Boolean(p)).map((p) => [p.id, infoOf(p)]));
  return describeWizard(deps.pack, school, state, errors, named ? { pupils, search } : undefined);
}

/**
 * The register's matches for what the reporter typed, for a platform that searches as they type (Slack's
 * external select): only for the reporter of an open wizard at its pupil step, only their school's current
 * pupils, at most ten. Anything else finds nobody.
 */
export async function searchPupilsForReport(deps: CoreDeps, ref: WizardRef, actor: Actor, text: string): Promise<PupilInfo[]> {
  const state = await load(deps, ref, actor);
  const query = text.trim();
  if (state.status !== 'open' || state.step.kind !== 'pupils' || !query || query.length > MAX_PUPIL_QUERY) return [];
  return findPupils(deps, state.schoolId, query, PUPIL_MATCH_LIMIT);
}

async function finish(deps: CoreDeps, stored: Stored<WizardState>, options?: ReportOptions): Promise<{ receipt: ReceiptView; incident: Stored<Incident> }> {
  const incident = await reportIncident(deps, stored, options);
  const school = findSchool(deps.pack, incident.schoolId);
  if (!school) throw new NotFoundError('school');
  return { incident, receipt: describeReceipt(school, incident, deps.pack) };
}

async function submitted(deps: CoreDeps, stored: Stored<WizardState>, options?: ReportOptions): Promise<StepOutcome> {
  return { kind: 'submitted', ...(await finish(deps, stored, options)) };
}
