/**
 * The only things a card's `data` is trusted to carry: opaque ids. Everything else is loaded from the
 * store. Inputs typed on the card arrive alongside and are checked by the use case.
 */
import { z } from 'zod';

const opaqueId = z.string().min(1).max(100).regex(/^[A-Za-z0-9:_-]+$/);

export const WizardPayload = z.object({
  schoolId: opaqueId,
  wizardId: opaqueId,
  revision: z.coerce.number().int().min(0).optional(),
});

export const IncidentPayload = z.object({ schoolId: opaqueId, incidentId: opaqueId });

const MAX_VALUE = 10_000;

/**
 * Card inputs as strings, with `whenDate` + `whenTime` joined into `when`. Keys that are not plain
 * input ids and values that are not strings are dropped; an over-long value is kept just over the
 * limit so the use case refuses it in plain words rather than it being silently cut.
 */
export function cardValues(data: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' && /^[A-Za-z][A-Za-z0-9-]{0,40}$/.test(key)) values[key] = value.slice(0, MAX_VALUE + 1);
  }
  if (values.whenDate) values.when = values.whenTime ? `${values.whenDate}T${values.whenTime.slice(0, 5)}` : values.whenDate;
  return values;
}
