/**
 * A monitoring alert as the bot keeps it (collection `alerts`, one per school and sender's alert id).
 * It holds only what a triage card may show: category, severity, when, and the device or user reference.
 * Never captured content: the endpoint refuses any other field before anything is stored.
 */
import type { Doc } from '../../ports/document-store';

/** The categories an alert may carry (after the UK Safer Internet Centre's monitoring categories). */
export const ALERT_CATEGORIES = ['self-harm', 'suicide', 'bullying', 'sexual-content', 'extremism', 'violence', 'drugs', 'grooming', 'other'] as const;
/** One of `ALERT_CATEGORIES`. */
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

/** How serious the monitoring service says an alert is, lowest first. */
export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** One of `ALERT_SEVERITIES`. */
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** What the DSL decided: a case opened, not a concern (with a reason), or already known (linked to a case). */
export type AlertTriage =
  | { outcome: 'opened'; incidentId: string; reference: string; by: string; at: string }
  | { outcome: 'not-a-concern'; reason: string; by: string; at: string }
  | { outcome: 'already-known'; incidentId: string; reference: string; by: string; at: string };

/** One stored alert. `id` comes from the sender's alert id, so a retried delivery finds the same record. */
export interface AlertRecord extends Doc {
  id: string;
  schoolId: string;
  /** The monitoring service's own id for the alert (checked to be plain characters). */
  alertId: string;
  category: AlertCategory;
  severity: AlertSeverity;
  /** When the monitoring service saw it (ISO). */
  occurredAt: string;
  /** When the bot received it (ISO, from the clock). */
  receivedAt: string;
  /** The device or user reference the service gives (never a name the bot looks up). */
  reference: string;
  /** The triage card's batch: alerts received in the same minute go on one card. */
  batchId: string;
  /** A severe alert received out of hours: a card of its own, nagged until triaged. */
  urgent?: boolean;
  /** `untriaged` until the DSL or a deputy decides (queried by the reminders). */
  status: 'untriaged' | 'triaged';
  /** Set once triaged; until then the alert is untriaged and reminded. */
  triage?: AlertTriage;
}

/** The store id of a school's alert: the sender's id, namespaced so it can never clash with another kind. */
export function alertDocId(alertId: string): string {
  return `alert:${alertId}`;
}

/** True for the severities that follow the urgent path out of hours. */
export function isSevere(severity: AlertSeverity): boolean {
  return severity === 'high' || severity === 'critical';
}
