/**
 * What a person typed in a modal, as plain strings keyed by block id. Only the shapes Block Kit inputs
 * produce are read; the date and time pickers are joined into `when` as core expects.
 */
const MAX_VALUE = 10_000;

type StateValue = { type?: string; value?: string | null; selected_date?: string | null; selected_time?: string | null; selected_option?: { value?: string } | null };

export function modalValues(state: unknown, actionId: string): Record<string, string> {
  const values: Record<string, string> = {};
  const blocks = (state as { values?: Record<string, Record<string, StateValue>> } | undefined)?.values ?? {};
  for (const [blockId, actions] of Object.entries(blocks)) {
    const v = actions?.[actionId];
    if (!v || !/^[A-Za-z][A-Za-z0-9-]{0,40}$/.test(blockId)) continue;
    const raw = v.value ?? v.selected_date ?? v.selected_time ?? v.selected_option?.value;
    // An over-long value is kept just over the limit so core refuses it in plain words rather than cutting it.
    if (typeof raw === 'string') values[blockId] = raw.slice(0, MAX_VALUE + 1);
  }
  if (values.whenDate) values.when = values.whenTime ? `${values.whenDate}T${values.whenTime.slice(0, 5)}` : values.whenDate;
  return values;
}
