/**
 * The forms of the full record's "What was decided" section, as words and fields (no layout): which
 * decision, its inputs with their labels, limits, choices and what they start with, and the button.
 * The Teams card and the Slack modal both draw this; `record-decision.ts` checks what comes back.
 */
import { createHash } from 'node:crypto';
import { localTime } from '../calendar/school-calendar';
import { AGENCY_FALLBACK } from '../incidents/incident-words';
import type { Incident, ReferralAgency } from '../incidents/incident';
import { PARENT_CONTACT_METHODS, type ParentContactMethod, sanctionAppliesTo } from '../incidents/incident-decisions';
import type { Actor } from '../people/actor';
import { sanctionsFor } from '../policy/sanctions';
import type { PolicyPack, School } from '../policy/schema';

/** The longest each kind of answer may be (characters). */
export const DECISION_LIMITS = { text: 2000, name: 120, referenceNumber: 60, other: 500 } as const;
const MAX_TEXT_DECISION = DECISION_LIMITS.text;

/** The decisions a form records. */
export const DECISION_KINDS = ['parents-informed', 'parents-not-told', 'sanction', 'referral', 'lado', 'reopen', 'type'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** The section's buttons: each opens the form of one decision (the Teams verb and the Slack action_id). */
export const DECISION_BUTTONS = {
  'decision-parents': 'parents-informed',
  'decision-parents-not': 'parents-not-told',
  'decision-sanction': 'sanction',
  'decision-referral': 'referral',
  'decision-lado': 'lado',
  'decision-reopen': 'reopen',
  'decision-type': 'type',
} as const satisfies Record<string, DecisionKind>;
/** One of the section's button ids. */
export type DecisionButton = keyof typeof DECISION_BUTTONS;

/** The forms' submit action id; which decision it saves is in its `ref`. */
export const DECISION_SAVE = 'decision-save';

/** Every action id of the decisions section and its forms. */
export const DECISION_ACTIONS: readonly string[] = [...Object.keys(DECISION_BUTTONS), DECISION_SAVE];

/** The form's reference within the incident: the decision, and for a referral its place in the list (`referral:0`). */
export function decisionRef(kind: DecisionKind, index?: number): string {
  return index === undefined ? kind : `${kind}:${index}`;
}

/** Reads a form's reference; undefined for anything that is not one this product made. */
export function parseDecisionRef(ref: unknown): { kind: DecisionKind; index?: number } | undefined {
  if (typeof ref !== 'string') return undefined;
  const m = /^([a-z-]{1,30})(?::(\d{1,3}))?$/.exec(ref);
  const kind = m?.[1] as DecisionKind | undefined;
  if (!m || !kind || !DECISION_KINDS.includes(kind)) return undefined;
  if ((kind === 'referral') !== (m[2] !== undefined)) return undefined;
  return m[2] === undefined ? { kind } : { kind, index: Number(m[2]) };
}

/** The button (and its `ref`) whose form saves through `ref`: to draw the form again after a refused submission. */
export function buttonForRef(ref: unknown): { action: DecisionButton; ref?: string } | undefined {
  const parsed = parseDecisionRef(ref);
  const action = parsed && (Object.keys(DECISION_BUTTONS) as DecisionButton[]).find((b) => DECISION_BUTTONS[b] === parsed.kind);
  if (!parsed || !action) return undefined;
  return parsed.index === undefined ? { action } : { action, ref: String(parsed.index) };
}

/** One input of a decision form. */
export interface DecisionField {
  /** The input id (the Teams input id and the Slack block id). */
  id: string;
  label: string;
  type: 'text' | 'multiline' | 'date' | 'choice' | 'multi-choice';
  required: boolean;
  maxLength?: number;
  placeholder?: string;
  choices?: Array<{ value: string; label: string }>;
  /** What it starts with: a date as YYYY-MM-DD; for a multi-choice, the chosen values. */
  value?: string | string[];
}

/** A decision form for one incident, in words. */
export interface DecisionFormView {
  kind: DecisionKind;
  /** Goes back with the submission (`decisionRef`). */
  ref: string;
  schoolId: string;
  incidentId: string;
  reference: string;
  title: string;
  /** Lines above the inputs: what the form is for, what it will and will not do. */
  intro: string[];
  fields: DecisionField[];
  submitLabel: string;
}

/** The words for each way parents or carers were told. */
export const METHOD_WORDS: Record<ParentContactMethod, string> = {
  phone: 'By phone',
  'in-person': 'In person',
  letter: 'By letter',
  email: 'By email',
  other: 'Another way',
};

/** Said on the change-of-type form and in the chronology: the people told and the tasks are not worked out again. */
export const TYPE_CHANGE_NOTE =
  'The people already told and the tasks stay as they are: the bot does not work out again who must know. If someone else must now know or act, assign it or share the case with them.';

/**
 * The value a sanction action carries on a form: a short fingerprint of its words, not its place in the
 * list, so a form opened before the school rewords or reorders its table can never save a different action.
 */
export function sanctionActionValue(action: string): string {
  return createHash('sha256').update(action, 'utf8').digest('hex').slice(0, 12);
}

/** Every action a sanction on this incident may record (the side of the table that applies), each once, in table order. */
export function sanctionActionChoices(pack: Pick<PolicyPack, 'sanctions'>, school: School, incident: Pick<Incident, 'subject'>): string[] {
  const table = sanctionsFor(pack, school)[sanctionAppliesTo(incident.subject)];
  return [...new Set(Object.values(table).flatMap((level) => level.actions))];
}

/** An agency as the school names it (its own contact, the pack's, or the usual name). */
export function agencyName(pack: Pick<PolicyPack, 'contacts'>, school: Pick<School, 'contacts'>, agency: ReferralAgency): string {
  return school.contacts[agency]?.name ?? pack.contacts[agency]?.name ?? AGENCY_FALLBACK[agency];
}

const date = (id: string, label: string, required: boolean, value?: string): DecisionField => ({ id, label, type: 'date', required, ...(value && { value }) });
const line = (id: string, label: string, required: boolean, maxLength: number, value?: string, placeholder?: string): DecisionField => ({
  id,
  label,
  type: 'text',
  required,
  maxLength,
  ...(value && { value }),
  ...(placeholder && { placeholder }),
});
const long = (id: string, label: string, required: boolean, value?: string): DecisionField => ({ id, label, type: 'multiline', required, maxLength: MAX_TEXT_DECISION, ...(value && { value }) });

/** The form for `kind` on this incident, for this lead; undefined when the referral asked for is not on it. */
export function decisionForm(pack: PolicyPack, school: School, incident: Incident, actor: Actor, kind: DecisionKind, now: Date, index?: number): DecisionFormView | undefined {
  const today = localTime(now, school.timeZone).date;
  const base = { kind, ref: decisionRef(kind, index), schoolId: incident.schoolId, incidentId: incident.id, reference: incident.reference };
  switch (kind) {
    case 'parents-informed':
      return {
        ...base,
        title: 'Parents or carers informed',
        intro: ['Record when parents or carers were told, who told them and how. Each entry is kept; the latest is what the record shows.'],
        fields: [
          date('on', 'Day they were told', true, today),
          line('toldBy', 'Who told them', true, DECISION_LIMITS.name, actor.name),
          { id: 'method', label: 'How', type: 'choice', required: true, choices: PARENT_CONTACT_METHODS.map((m) => ({ value: m, label: METHOD_WORDS[m] })) },
          long('note', 'Anything to add (optional): who you spoke to, what was agreed', false),
        ],
        submitLabel: 'Save: parents informed',
      };
    case 'parents-not-told':
      return {
        ...base,
        title: 'Decision not to tell parents or carers',
        intro: ['Record why parents or carers are not being told, for example because telling them could put the child at risk. The reason is kept in the record.'],
        fields: [long('reason', 'Why they are not being told', true)],
        submitLabel: 'Save decision',
      };
    case 'sanction': {
      const appliesTo = sanctionAppliesTo(incident.subject);
      const table = sanctionsFor(pack, school)[appliesTo];
      return {
        ...base,
        title: appliesTo === 'staff' ? 'Sanction (staff)' : 'Sanction (pupil)',
        intro: [`From the school's ${appliesTo} sanctions table:`, ...Object.values(table).map((level) => `${level.title}: ${level.meaning}`)],
        fields: [
          { id: 'category', label: 'Category', type: 'choice', required: true, choices: Object.entries(table).map(([value, level]) => ({ value, label: level.title })) },
          {
            id: 'actions',
            label: 'What was done (choose any that apply)',
            type: 'multi-choice',
            required: false,
            choices: sanctionActionChoices(pack, school, incident).map((a) => ({ value: sanctionActionValue(a), label: a })),
          },
          line('other', 'Anything else that was done (optional)', false, DECISION_LIMITS.other),
          date('on', 'Day it was applied', true, today),
        ],
        submitLabel: 'Save sanction',
      };
    }
    case 'referral': {
      const referral = index === undefined ? undefined : incident.referrals[index];
      if (!referral) return undefined;
      const agency = agencyName(pack, school, referral.agency);
      return {
        ...base,
        title: `Referral details: ${agency}`,
        intro: ['Fill in what you know; you can come back and add the rest. A follow-up day puts a task on the incident for you, due that day.'],
        fields: [
          date('referredOn', 'Day it was referred', true, referral.referredOn ?? localTime(new Date(referral.at), school.timeZone).date),
          line('referenceNumber', 'Their reference number', false, DECISION_LIMITS.referenceNumber, referral.referenceNumber),
          long('advice', 'Advice they gave', false, referral.advice),
          long('outcome', 'Outcome', false, referral.outcome),
          date('followUpOn', 'Follow up on (optional)', false, referral.followUpOn),
        ],
        submitLabel: 'Save referral details',
      };
    }
    case 'lado':
      return {
        ...base,
        title: 'Contact with the LADO',
        intro: ['Record contact with the Local Authority Designated Officer about an allegation against an adult who works with children.'],
        fields: [
          date('on', 'Day of the contact', true, today),
          line('officer', "The officer's name", true, DECISION_LIMITS.name),
          long('advice', 'Advice given', true),
          line('referenceNumber', 'Reference (optional)', false, DECISION_LIMITS.referenceNumber),
        ],
        submitLabel: 'Save LADO contact',
      };
    case 'reopen':
      return {
        ...base,
        title: `Reopen ${incident.reference}`,
        intro: ['The incident goes back to in progress. Its outcome is kept in the record.'],
        fields: [long('reason', 'Why it is being reopened', true)],
        submitLabel: 'Reopen incident',
      };
    case 'type': {
      const choices = pack.procedures.filter((p) => p.id !== incident.procedureId).map((p) => ({ value: p.id, label: p.title }));
      return {
        ...base,
        title: 'Change incident type',
        intro: [`Now: ${incident.procedureTitle}.`, TYPE_CHANGE_NOTE],
        fields: [{ id: 'procedure', label: 'New type', type: 'choice', required: true, choices }, long('reason', 'Why the type is changing', true)],
        submitLabel: 'Change type',
      };
    }
  }
}
