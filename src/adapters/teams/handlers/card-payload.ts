/**
 * The only things a card's `data` is trusted to carry: opaque ids. Everything else is loaded from the
 * store. Inputs typed on the card arrive alongside and are checked by the use case.
 */
import { z } from 'zod';
import { formValues } from '../../../core/wizard/form-values';

const opaqueId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9:_-]+$/);

export const WizardPayload = z.object({
  schoolId: opaqueId,
  wizardId: opaqueId,
  revision: z.coerce.number().int().min(0).optional(),
});

export const IncidentPayload = z.object({ schoolId: opaqueId, incidentId: opaqueId });

/**
 * Card inputs as strings, with `whenDate` + `whenTime` joined into `when`. Keys that are not plain
 * input ids and values that are not strings are dropped (core's `formValues`).
 */
export function cardValues(data: Record<string, unknown>): Record<string, string> {
  return formValues(Object.entries(data));
}
