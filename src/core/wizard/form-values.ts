/**
 * What a person typed into a card or modal, as the wizard takes it: plain strings under input ids, each
 * kept just over the longest limit (so an over-long answer is refused in plain words, not silently cut),
 * and a date picker and time picker (`whenDate`, `whenTime`) joined into `when`.
 */
/** The longest value kept from a form; anything longer is kept to one character more, so it is refused as too long. */
export const MAX_FORM_VALUE = 10_000;
const INPUT_ID = /^[A-Za-z][A-Za-z0-9-]{0,40}$/;

/** The strings of a form's entries under valid input ids, each cut just past the longest limit, with the date and time pickers joined into `when`. */
export function formValues(entries: Iterable<[string, unknown]>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof value === 'string' && INPUT_ID.test(key)) values[key] = value.slice(0, MAX_FORM_VALUE + 1);
  }
  if (values.whenDate) values.when = values.whenTime ? `${values.whenDate}T${values.whenTime.slice(0, 5)}` : values.whenDate;
  return values;
}
