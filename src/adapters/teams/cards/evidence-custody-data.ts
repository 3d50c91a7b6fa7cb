/** The device-custody form card's data: the incident's ids and reference, what was typed, and any errors. */
import { CONFIDENTIAL_LINE } from '../../../core/incidents/incident-words';

/** What the custody form is drawn from. */
export interface CustodyFormInput {
  schoolId: string;
  incidentId: string;
  reference: string;
  values: Record<string, string>;
  errors?: string[];
}

export function custodyFormCardData(input: CustodyFormInput) {
  const v = input.values;
  const errors = input.errors ?? [];
  return {
    confidentialLine: CONFIDENTIAL_LINE,
    reference: input.reference,
    intro: 'Who took the seized device, from whom or where, to whom it went, and when. Each entry is kept in the custody log and the chronology.',
    hasErrors: errors.length > 0,
    errors: errors.map((text) => ({ text })),
    device: v.device ?? '',
    takenBy: v.takenBy ?? '',
    from: v.from ?? '',
    to: v.to ?? '',
    date: v.date ?? '',
    time: v.time ?? '',
    note: v.note ?? '',
    schoolId: input.schoolId,
    incidentId: input.incidentId,
  };
}
