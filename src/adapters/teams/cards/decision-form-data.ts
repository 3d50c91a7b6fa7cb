/**
 * A decision form (core's `DecisionFormView`) as the `decision-form` card's data: every input with its
 * type flag, and, when a submission was refused, what the person typed and what needs another look.
 */
import type { DecisionFormView } from '../../../core/casefile/decision-form';
import { CONFIDENTIAL_LINE } from '../../../core/incidents/incident-words';

/** The card's data; `typed` and `errors` come back from a refused submission. */
export function decisionFormCardData(view: DecisionFormView, typed: Record<string, string> = {}, errors: Record<string, string> = {}) {
  const errorLines = Object.values(errors);
  return {
    confidentialLine: CONFIDENTIAL_LINE,
    title: view.title,
    reference: view.reference,
    intro: view.intro.map((text) => ({ text })),
    hasErrors: errorLines.length > 0,
    errors: errorLines.map((text) => ({ text })),
    fields: view.fields.map((f) => {
      const start = typed[f.id] ?? (Array.isArray(f.value) ? f.value.join(',') : f.value) ?? '';
      return {
        id: f.id,
        label: f.label,
        isText: f.type === 'text',
        isMultiline: f.type === 'multiline',
        isDate: f.type === 'date',
        isChoice: f.type === 'choice',
        isMulti: f.type === 'multi-choice',
        required: f.required,
        requiredError: `Please fill in: ${f.label}`,
        maxLength: f.maxLength ?? 2000,
        placeholder: f.placeholder ?? '',
        value: start,
        choices: f.choices ?? [],
      };
    }),
    submitLabel: view.submitLabel,
    backLabel: 'Back to the full record',
    schoolId: view.schoolId,
    incidentId: view.incidentId,
    ref: view.ref,
  };
}
