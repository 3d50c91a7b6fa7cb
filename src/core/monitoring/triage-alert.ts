/**
 * `triageAlert`: the DSL or a deputy decides what a monitoring alert is. "Open a case" reports an
 * incident through the report use case (the procedure the alert's category points to, planned by the
 * assignments plan as any report is) and attaches the alert's metadata as an evidence record (never
 * content: the alert holds none); "Not a concern" needs a reason; "Already known" links it to an
 * existing case by its reference. Anyone else is refused and the refusal audited (codes and ids only).
 * Safe to repeat: the wizard, incident and evidence ids come from the alert, and a decided alert stays
 * decided (a second decision is answered with the first).
 */
import { createHash } from 'node:crypto';
import { ConflictError, PreconditionFailedError, type Stored } from '../../ports/document-store';
import { SAFEGUARDING_TEAM } from '../assignments/assignment-plan';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { enqueue, type OutboxMessage } from '../delivery/outbox';
import { InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import type { Incident } from '../incidents/incident';
import { reportIncident } from '../incidents/report-incident';
import { type Actor, actorRef, rolesOf } from '../people/actor';
import { findSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import type { WizardState } from '../wizard/wizard-state';
import type { AlertCategory, AlertRecord, AlertTriage } from './alert-record';
import { ALERT_ACTIONS, type AlertAction, CATEGORY_WORDS } from './alert-card-view';
import { alertCardId, onPlatform } from './ingest-alert';
import { listedCase, teamMaySee } from './known-cases';

/** The procedure a case opened from an alert follows, by the alert's category (the pack's own procedures). */
export const PROCEDURE_FOR_CATEGORY: Record<AlertCategory, string> = {
  'self-harm': 'suicide-self-harm-eating-disorder-sites',
  suicide: 'suicide-self-harm-eating-disorder-sites',
  bullying: 'online-bullying-of-pupil',
  'sexual-content': 'inappropriate-site-deliberate',
  extremism: 'radicalisation-extremism',
  violence: 'other-online-concern',
  drugs: 'other-online-concern',
  grooming: 'grooming-inappropriate-contact',
  other: 'other-online-concern',
};

/** The longest reason kept for "Not a concern". */
export const MAX_REASON_CHARS = 500;

/**
 * What the person chose on the card; `reason`, `caseId` (a case chosen from the list) and `caseReference`
 * (one typed, for a case not on the list) are untrusted values from the card. A chosen case wins over a typed one.
 */
export type AlertDecision =
  | { action: typeof ALERT_ACTIONS.openCase }
  | { action: typeof ALERT_ACTIONS.notAConcern; reason?: string }
  | { action: typeof ALERT_ACTIONS.alreadyKnown; caseId?: string; caseReference?: string };

/** The alert after the decision, and whether this call made it (false: it had been decided already). */
export interface TriageResult {
  alert: Stored<AlertRecord>;
  decidedNow: boolean;
}

/** True when the actor is the school's DSL or a deputy, the only people who may triage alerts. */
export function mayTriage(school: School, actor: Actor): boolean {
  return rolesOf(actor, school).some((r) => SAFEGUARDING_TEAM.includes(r));
}

/** Loads an alert by its opaque reference, or refuses (not found). */
async function loadAlert(deps: CoreDeps, schoolId: string, alertRef: string): Promise<Stored<AlertRecord>> {
  const alert = await deps.store.get<AlertRecord>('alerts', schoolId, alertRef);
  if (!alert) throw new NotFoundError('monitoring alert');
  return alert;
}

/** The wizard a case opened from an alert comes from: its id fixed by the alert, so a repeat finds it. */
function alertWizard(deps: CoreDeps, alert: AlertRecord, actor: Actor, now: Date): WizardState {
  const at = now.toISOString();
  return {
    id: `alert-${createHash('sha256').update(`${alert.schoolId}\n${alert.id}`).digest('hex').slice(0, 24)}`,
    schoolId: alert.schoolId,
    reporter: actorRef(actor),
    packVersion: deps.pack.version,
    status: 'open',
    step: { kind: 'review' },
    history: [],
    procedureId: PROCEDURE_FOR_CATEGORY[alert.category],
    answers: {},
    carried: { safeguarding: true },
    immediateRisk: false,
    fields: {
      when: alert.occurredAt,
      device: alert.reference,
      description: `Monitoring alert ${alert.alertId}: ${CATEGORY_WORDS[alert.category]}, severity ${alert.severity}. The monitoring service holds what was captured.`,
    },
    checklistConfirmed: false,
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
}

async function openCase(deps: CoreDeps, alert: AlertRecord, actor: Actor): Promise<Stored<Incident>> {
  const draft = alertWizard(deps, alert, actor, deps.clock.now());
  let wizard: Stored<WizardState>;
  try {
    wizard = await deps.store.create<WizardState>('wizards', draft);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    wizard = (await deps.store.get<WizardState>('wizards', alert.schoolId, draft.id)) as Stored<WizardState>;
  }
  const incident = await reportIncident(deps, wizard, { receiptShownInCard: true });
  await attachAlert(deps, alert, incident, actor);
  return incident;
}

/** The alert's metadata (the fields it was sent with, and when it arrived) as JSON: the evidence on the case. */
export function alertMetadataJson(alert: AlertRecord): string {
  const { alertId, category, severity, occurredAt, receivedAt, reference } = alert;
  return `${JSON.stringify({ source: 'monitoring-alert', alertId, category, severity, occurredAt, receivedAt, reference }, null, 2)}\n`;
}

async function attachAlert(deps: CoreDeps, alert: AlertRecord, incident: Incident, actor: Actor): Promise<void> {
  if (!deps.files) return;
  const id = `ev-${createHash('sha256').update(`${incident.id}\nmonitoring\n${alert.id}`).digest('hex').slice(0, 32)}`;
  if (await deps.store.get('evidence', alert.schoolId, id)) return;
  const bytes = new TextEncoder().encode(alertMetadataJson(alert));
  const storageKey = `${alert.schoolId}/${id}`;
  await deps.files.put(storageKey, bytes, 'text/plain');
  try {
    await deps.store.create('evidence', {
      id,
      schoolId: alert.schoolId,
      incidentId: incident.id,
      fileName: `monitoring-alert-${alert.alertId}.json`,
      contentType: 'text/plain',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      addedBy: actorRef(actor),
      addedAt: deps.clock.now().toISOString(),
      storageKey,
      source: actor.platform,
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

async function caseByReference(deps: CoreDeps, schoolId: string, reference: string): Promise<Stored<Incident> | undefined> {
  const found = await deps.store.query<Incident>('incidents', { schoolId, where: [{ field: 'reference', op: '=', value: reference }], limit: 1 });
  return found[0];
}

/**
 * The case "Already known" names: one chosen from the list (it must be one the list offers: a value not
 * on it, or another school's case, is refused), else one typed by reference (any open or closed case of
 * the school the safeguarding team may see). Refusals change nothing.
 */
async function knownCaseFor(deps: CoreDeps, school: School, schoolId: string, decision: { caseId?: string; caseReference?: string }): Promise<Stored<Incident>> {
  const caseId = (decision.caseId ?? '').trim();
  if (caseId) {
    const chosen = caseId.length <= 120 ? await deps.store.get<Incident>('incidents', schoolId, caseId) : undefined;
    if (!chosen || !listedCase(deps, school, chosen)) throw new InvalidInputError({ caseId: 'That case is not one this alert can be linked to. Choose one from the list, or type its reference.' });
    return chosen;
  }
  const reference = (decision.caseReference ?? '').trim().toUpperCase();
  if (!reference) throw new InvalidInputError({ caseReference: 'Choose the case this alert is already known under.' });
  const incident = await caseByReference(deps, schoolId, reference);
  if (!incident) throw new InvalidInputError({ caseReference: `There is no case ${reference} at this school.` });
  // A case that keeps the safeguarding team out is answered as one that cannot be linked, never shown on the card.
  if (!teamMaySee(deps, school, incident)) throw new InvalidInputError({ caseReference: `${reference} is not a case this alert can be linked to.` });
  return incident;
}

async function decide(deps: CoreDeps, school: School, alert: AlertRecord, actor: Actor, decision: AlertDecision): Promise<AlertTriage> {
  const by = actor.name;
  const at = () => deps.clock.now().toISOString();
  if (decision.action === ALERT_ACTIONS.notAConcern) {
    const reason = (decision.reason ?? '').trim();
    if (!reason) throw new InvalidInputError({ reason: 'Say why this alert is not a concern.' });
    if (reason.length > MAX_REASON_CHARS) throw new InvalidInputError({ reason: `Keep the reason to ${MAX_REASON_CHARS} characters.` });
    return { outcome: 'not-a-concern', reason, by, at: at() };
  }
  if (decision.action === ALERT_ACTIONS.alreadyKnown) {
    const incident = await knownCaseFor(deps, school, alert.schoolId, decision);
    return { outcome: 'already-known', incidentId: incident.id, reference: incident.reference, by, at: at() };
  }
  const incident = await openCase(deps, alert, actor);
  return { outcome: 'opened', incidentId: incident.id, reference: incident.reference, by, at: at() };
}

/** The outbox id of the redraw, on `platform`, of the card an alert is on once it is decided. */
export function alertUpdateId(alert: Pick<AlertRecord, 'id'>, platform: 'teams' | 'slack'): string {
  return `alert-update:${alert.id}:${platform}`;
}

/**
 * Once an alert is decided, its card is drawn again on every other platform it was queued on (a school
 * on both Teams and Slack); the platform where it was pressed redraws its own copy in its answer.
 */
export async function queueAlertRedraws(deps: CoreDeps, alert: AlertRecord, pressedOn: string): Promise<void> {
  for (const platform of ['teams', 'slack'] as const) {
    if (platform === pressedOn) continue;
    const card = await deps.store.get<OutboxMessage>('outbox', alert.schoolId, onPlatform(alertCardId(alert.batchId), platform));
    if (!card) continue;
    await enqueue(
      deps.store,
      { id: alertUpdateId(alert, platform), schoolId: alert.schoolId, message: 'alert-update', to: { kind: 'dsl-channel' }, platform, alertBatchId: alert.batchId },
      deps.clock.now(),
    );
  }
}

/** Triages one alert for the DSL or a deputy; refuses (audited) anyone else. Bad input changes nothing. */
export async function triageAlert(deps: CoreDeps, actor: Actor, schoolId: string, alertRef: string, decision: AlertDecision): Promise<TriageResult> {
  const school = findSchool(deps.pack, schoolId);
  if (!school) throw new NotFoundError('school');
  const alert = await loadAlert(deps, schoolId, alertRef);
  if (!mayTriage(school, actor)) {
    await recordAudit(deps, { schoolId, actor: actorRef(actor), action: 'alert.triage', outcome: 'refused', detail: `not-safeguarding-team:${alert.id}:${decision.action}` });
    throw new NotPermittedError('triage monitoring alerts');
  }
  if (alert.triage) return { alert, decidedNow: false };
  const triage = await decide(deps, school, alert, actor, decision);
  let current: Stored<AlertRecord> = alert;
  for (;;) {
    const { _etag, ...doc } = current;
    try {
      const saved = await deps.store.replace<AlertRecord>('alerts', { ...doc, status: 'triaged', triage }, _etag);
      await queueAlertRedraws(deps, saved, actor.platform);
      await recordAudit(deps, {
        schoolId,
        actor: actorRef(actor),
        action: 'alert.triage',
        outcome: 'ok',
        ...(triage.outcome !== 'not-a-concern' && { incidentId: triage.incidentId }),
        detail: `${triage.outcome}:${alert.id}`,
      });
      return { alert: saved, decidedNow: true };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      current = await loadAlert(deps, schoolId, alertRef);
      if (current.triage) return { alert: current, decidedNow: false };
    }
  }
}

/** The decision a card action stands for, from the action id and the card's inputs (untrusted). */
export function decisionFrom(action: string, values: Record<string, unknown>): AlertDecision | undefined {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const known: readonly string[] = Object.values(ALERT_ACTIONS);
  if (!known.includes(action)) return undefined;
  if (action === ALERT_ACTIONS.notAConcern) return { action, reason: text('reason') };
  if (action === ALERT_ACTIONS.alreadyKnown) return { action, caseId: text('caseId'), caseReference: text('caseReference') };
  return { action: action as AlertAction & typeof ALERT_ACTIONS.openCase };
}
