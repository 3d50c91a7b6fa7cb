/** Validation of the details form, in plain words a teacher understands. */
import type { Field, FieldId, School } from '../policy/schema';
import { MAX_FORM_VALUE } from './form-values';

/** The most characters each detail may have. */
export const FIELD_LIMITS: Record<FieldId, number> = {
  when: 40,
  where: 200,
  pupils: 300,
  staff: 300,
  device: 200,
  url: 2000,
  description: 4000,
  evidence: 2000,
};

/** Each detail's label when the procedure does not give its own. */
export const DEFAULT_LABELS: Record<FieldId, string> = {
  when: 'When did it happen?',
  where: 'Where was it (room, lesson, at home)?',
  pupils: 'Pupils involved',
  staff: 'Staff involved',
  device: 'Device (school laptop, tablet, phone…)',
  url: 'Website address, app or platform',
  description: 'What happened? Describe what you saw or were told, in your own words',
  evidence: 'What evidence is kept, and where?',
};

/** A word that looks like a name: a capital then three or more lower-case letters ("Jonathan", "Smith"). */
const NAME_LIKE = /\b[A-Z][a-z]{2,}\b/g;
/** Capitalised words a teacher uses beside initials that are not names. */
const NOT_NAMES = new Set(['Year', 'Class', 'Reception', 'Nursery', 'Form', 'Set', 'Group', 'Target', 'Victim', 'Sender', 'Unknown', 'Not', 'None']);

function checkWhen(value: string, now: Date): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?$/.exec(value);
  if (!match) return 'Give the date as day, month and year (and a time if you know it).';
  const when = new Date(`${match[1]}T${match[2] ?? '00:00'}:00Z`);
  // JavaScript rolls 31 February over into March: the date must come back as it was written.
  const [hours = '00', minutes = '00'] = (match[2] ?? '00:00').split(':');
  if (Number.isNaN(when.getTime()) || when.toISOString().slice(0, 10) !== match[1] || Number(hours) > 23 || Number(minutes) > 59) {
    return 'That date does not exist. Please check it.';
  }
  if (when.getTime() - now.getTime() > 36 * 3600 * 1000) return 'That date is in the future. Please check it.';
  return undefined;
}

function checkPupils(value: string, school: School): string | undefined {
  if (school.pupilNames !== 'initials') return undefined;
  // Initials may come with a class and a note, e.g. "AB 5C (target); CD 6R"; a written-out name may not.
  const names = (value.match(NAME_LIKE) ?? []).filter((word) => !NOT_NAMES.has(word));
  if (names.length) {
    return "Please give pupils' initials only (for example J.S., A.B.), not full names.";
  }
  return undefined;
}

function checkUrl(value: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') return 'Give a web address starting with http:// or https://, or the name of the app.';
  return undefined;
}

/** Returns one plain-words message per field that needs another look; an empty object means all is well. */
export function checkFields(fields: Field[], values: Partial<Record<FieldId, string>>, school: School, now: Date): Partial<Record<FieldId, string>> {
  const errors: Partial<Record<FieldId, string>> = {};
  for (const field of fields) {
    const value = values[field.id]?.trim() ?? '';
    const label = (field.label ?? DEFAULT_LABELS[field.id]).replace(/[?:].*$/, '');
    if (!value) {
      if (field.required) errors[field.id] = `Please fill in "${label}".`;
      continue;
    }
    if (value.length > FIELD_LIMITS[field.id]) {
      // Form values are cut just past MAX_FORM_VALUE on arrival, so a longer one is "more than", not a wrong count.
      const count = value.length > MAX_FORM_VALUE ? `more than ${MAX_FORM_VALUE.toLocaleString('en-GB')}` : value.length.toLocaleString('en-GB');
      errors[field.id] = `This is too long (${count} characters; the most is ${FIELD_LIMITS[field.id].toLocaleString('en-GB')}). Keep to the key facts.`;
      continue;
    }
    const problem = field.id === 'when' ? checkWhen(value, now) : field.id === 'pupils' ? checkPupils(value, school) : field.id === 'url' ? checkUrl(value) : undefined;
    if (problem) errors[field.id] = problem;
  }
  return errors;
}
