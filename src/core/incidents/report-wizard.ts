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
import { describeWizard, type WizardView } from '../wizard/wizard-view';

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
  const state = newWizard({ id: deps.ids.next(), school, pack: deps.pack, reporter: actorRef(actor), now: deps.clock.now(), procedureId });
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
    return { kind: 'view', view: describeWizard(deps.pack, school, stored) };
  }
  const { _etag, ...state } = stored;
  const result = advanceWizard({ pack: deps.pack, school, now: deps.clock.now() }, state, input);
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
    return { kind: 'view', view: describeWizard(deps.pack, school, current) };
  }
  if (effect?.kind === 'cancelled') return { kind: 'cancelled' };
  const errors = effect?.kind === 'field-errors' ? effect.errors : {};
  return { kind: 'view', view: describeWizard(deps.pack, school, result.state, errors) };
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
