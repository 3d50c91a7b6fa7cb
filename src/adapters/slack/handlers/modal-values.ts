/**
 * What a person typed in a modal, keyed by block id. Only the shapes Block Kit inputs produce are read;
 * core's `formValues` does the rest (length cap, date and time joined into `when`).
 */
import { formValues } from '../../../core/wizard/form-values';

type StateValue = { type?: string; value?: string | null; selected_date?: string | null; selected_time?: string | null; selected_option?: { value?: string } | null };

export function modalValues(state: unknown, actionId: string): Record<string, string> {
  const blocks = (state as { values?: Record<string, Record<string, StateValue>> } | undefined)?.values ?? {};
  return formValues(
    Object.entries(blocks).map(([blockId, actions]) => {
      const v = actions?.[actionId];
      return [blockId, v?.value ?? v?.selected_date ?? v?.selected_time ?? v?.selected_option?.value] as [string, unknown];
    }),
  );
}
