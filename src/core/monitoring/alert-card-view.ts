/**
 * What a monitoring alert card says (words and facts, no layout): a heading with the counts by severity,
 * and one row per alert with only its category, severity, time and device or user reference, and what
 * was decided, and the cases "Already known" offers (`known-cases.ts`). Built when the card is drawn, from
 * the store, so a card drawn again shows the decisions.
 */
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import type { OutboxMessage } from '../delivery/outbox';
import type { School } from '../policy/schema';
import { plural } from '../text/plural';
import { ALERT_SEVERITIES, type AlertCategory, type AlertRecord, type AlertSeverity } from './alert-record';
import { type KnownCase, knownCases } from './known-cases';

/** The most rows one card lists (the rest are counted, and come back on the reminder). */
export const MAX_ALERT_ROWS = 10;

/** The action ids on an alert row: the Teams `verb` and the Slack `action_id`. */
export const ALERT_ACTIONS = { openCase: 'alert-open-case', notAConcern: 'alert-not-a-concern', alreadyKnown: 'alert-already-known' } as const;
/** One of `ALERT_ACTIONS`' values. */
export type AlertAction = (typeof ALERT_ACTIONS)[keyof typeof ALERT_ACTIONS];

/** The button words. */
export const ALERT_ACTION_LABELS: Record<AlertAction, string> = {
  'alert-open-case': 'Open a case',
  'alert-not-a-concern': 'Not a concern',
  'alert-already-known': 'Already known',
};

/** Category words. */
export const CATEGORY_WORDS: Record<AlertCategory, string> = {
  'self-harm': 'Self-harm',
  suicide: 'Suicide',
  bullying: 'Bullying',
  'sexual-content': 'Sexual content',
  extremism: 'Extremism',
  violence: 'Violence',
  drugs: 'Drugs',
  grooming: 'Grooming',
  other: 'Other',
};

/** One alert on a card. `alertRef` is the opaque id the buttons carry. */
export interface AlertRow {
  alertRef: string;
  /** "High · Self-harm". */
  heading: string;
  severity: AlertSeverity;
  /** When the service saw it, in the school's time: "2026-12-01 21:05". */
  time: string;
  reference: string;
  /** What was decided, once it was: "Opened as ES-2026-0003", "Not a concern", "Already known: ES-2026-0001". */
  outcome?: string;
}

/** The card: heading, lines and rows (untriaged first). */
export interface AlertCardView {
  title: string;
  urgent: boolean;
  lines: string[];
  rows: AlertRow[];
  /** Alerts on this card not listed (over `MAX_ALERT_ROWS`). */
  more: number;
  /** The cases "Already known" offers, newest first (empty when nothing is left to triage). */
  knownCases?: KnownCase[];
}

function outcomeWords(alert: AlertRecord): string | undefined {
  const t = alert.triage;
  if (!t) return undefined;
  if (t.outcome === 'opened') return `Opened as ${t.reference}`;
  if (t.outcome === 'already-known') return `Already known: ${t.reference}`;
  return 'Not a concern';
}

function timeWords(iso: string, timeZone: string): string {
  const t = localTime(new Date(iso), timeZone);
  return `${t.date} ${t.time}`;
}

/** The row for one alert (pure). */
export function alertRow(alert: AlertRecord, timeZone: string): AlertRow {
  const severity = alert.severity[0]?.toUpperCase() + alert.severity.slice(1);
  const outcome = outcomeWords(alert);
  return {
    alertRef: alert.id,
    heading: `${severity} · ${CATEGORY_WORDS[alert.category]}`,
    severity: alert.severity,
    time: timeWords(alert.occurredAt, timeZone),
    reference: alert.reference,
    ...(outcome && { outcome }),
  };
}

/** The card for a list of alerts (pure): `reminder` heads it as still waiting; `known` are the cases "Already known" offers. */
export function describeAlerts(alerts: AlertRecord[], timeZone: string, reminder = false, known: KnownCase[] = []): AlertCardView {
  const untriaged = alerts.filter((a) => a.status !== 'triaged');
  const bySeverity = [...ALERT_SEVERITIES]
    .reverse()
    .map((s) => [s, alerts.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const sorted = [...untriaged, ...alerts.filter((a) => a.status === 'triaged')].sort((a, b) => Number(a.status === 'triaged') - Number(b.status === 'triaged'));
  const rows = sorted.slice(0, MAX_ALERT_ROWS).map((a) => alertRow(a, timeZone));
  const first = alerts[0];
  const title = reminder
    ? `${plural(untriaged.length, 'monitoring alert')} still to triage: ${bySeverity}`
    : alerts.length === 1 && first
      ? `Monitoring alert: ${first.severity}, ${CATEGORY_WORDS[first.category]}`
      : `${alerts.length} new monitoring alerts: ${bySeverity}`;
  const lines = [
    untriaged.length ? `${plural(untriaged.length, 'alert')} to triage. Only the DSL and deputies may triage.` : 'All triaged.',
    'The monitoring service holds what was captured; this card never shows it.',
  ];
  return {
    title,
    urgent: alerts.some((a) => a.urgent && a.status !== 'triaged'),
    lines,
    rows,
    more: Math.max(0, sorted.length - MAX_ALERT_ROWS),
    knownCases: untriaged.length ? known : [],
  };
}

/** The card for a list of alerts, with the school's cases "Already known" offers read from the store. */
export async function describeAlertCard(deps: Pick<CoreDeps, 'pack' | 'store'>, school: School, alerts: AlertRecord[], reminder = false): Promise<AlertCardView> {
  const known = alerts.some((a) => a.status !== 'triaged') ? await knownCases(deps, school) : [];
  return describeAlerts(alerts, school.timeZone, reminder, known);
}

/** The card for one batch of alerts as it stands now (the buttons' answer redraws it). */
export async function describeBatch(deps: Pick<CoreDeps, 'pack' | 'store'>, school: School, batchId: string): Promise<AlertCardView> {
  return describeAlertCard(deps, school, await alertsInBatch(deps, school.id, batchId));
}

/** The alerts on one card (one partition, one indexed field). */
export async function alertsInBatch(deps: Pick<CoreDeps, 'store'>, schoolId: string, batchId: string): Promise<AlertRecord[]> {
  return deps.store.query<AlertRecord>('alerts', { schoolId, where: [{ field: 'batchId', op: '=', value: batchId }], orderBy: { field: 'receivedAt', direction: 'asc' } });
}

/** A school's alerts still to triage, oldest first. */
export async function untriagedAlerts(deps: Pick<CoreDeps, 'store'>, schoolId: string): Promise<AlertRecord[]> {
  return deps.store.query<AlertRecord>('alerts', { schoolId, where: [{ field: 'status', op: '=', value: 'untriaged' }], orderBy: { field: 'receivedAt', direction: 'asc' } });
}

/**
 * What a queued alert card says now: its batch, or (a reminder) the school's alerts still untriaged.
 * Undefined when there is nothing left to say (a reminder after everything was triaged).
 */
export async function describeQueuedAlerts(deps: CoreDeps, message: Pick<OutboxMessage, 'schoolId' | 'message' | 'alertBatchId'>): Promise<AlertCardView | undefined> {
  const school = deps.pack.schools.find((s) => s.id === message.schoolId);
  if (!school) return undefined;
  if (message.message === 'alert-reminder') {
    const waiting = await untriagedAlerts(deps, message.schoolId);
    return waiting.length ? describeAlertCard(deps, school, waiting, true) : undefined;
  }
  if (!message.alertBatchId) return undefined;
  const alerts = await alertsInBatch(deps, message.schoolId, message.alertBatchId);
  return alerts.length ? describeAlertCard(deps, school, alerts) : undefined;
}
