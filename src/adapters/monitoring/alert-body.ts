/**
 * The alert's JSON shape (docs/monitoring-alerts.md): these six fields and nothing else. Any other
 * field is refused by name, never stored or logged: the bot must not receive captured content.
 */
import { z } from 'zod';
import { ALERT_CATEGORIES, ALERT_SEVERITIES } from '../../core/monitoring/alert-record';

/** Plain characters for ids and references: nothing that could carry a sentence of captured text. */
const PLAIN = /^[A-Za-z0-9_.:@#/-]{1,100}$/;

/** The fields an alert may carry. */
export const ALERT_FIELDS = ['schoolId', 'alertId', 'category', 'severity', 'occurredAt', 'reference'] as const;

const AlertBody = z
  .object({
    schoolId: z.string().regex(/^[a-z0-9-]{1,60}$/, 'a school id from the policy pack'),
    alertId: z.string().regex(PLAIN, 'letters, digits and _ . : @ # / - only, at most 100'),
    category: z.enum(ALERT_CATEGORIES),
    severity: z.enum(ALERT_SEVERITIES),
    occurredAt: z.string().datetime({ offset: true }),
    reference: z.string().regex(PLAIN, 'a device or user reference: letters, digits and _ . : @ # / - only, at most 100'),
  })
  .strict();

/** A valid alert body. */
export type AlertBody = z.infer<typeof AlertBody>;

/** The parsed alert, or why not: `extra` names fields that are not allowed (content is refused, not dropped). */
export function parseAlertBody(raw: Buffer): { ok: true; alert: AlertBody } | { ok: false; error: string; extra?: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, error: 'The body is not JSON.' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, error: 'The body must be one JSON object.' };
  const extra = Object.keys(json)
    .filter((k) => !(ALERT_FIELDS as readonly string[]).includes(k))
    .map((k) => k.slice(0, 40).replace(/[^A-Za-z0-9_.-]/g, '_'));
  if (extra.length) return { ok: false, error: `Refused: fields not allowed (an alert carries no content): ${extra.join(', ')}. Nothing was stored.`, extra };
  const parsed = AlertBody.safeParse(json);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
  const occurred = Date.parse(parsed.data.occurredAt);
  return { ok: true, alert: { ...parsed.data, occurredAt: new Date(occurred).toISOString() } };
}
