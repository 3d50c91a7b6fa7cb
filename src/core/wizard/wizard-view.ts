/**
 * What the current wizard step says, as data: the words, the choices, the fields. Core owns the
 * wording so Teams and Slack say the same thing; adapters only lay it out.
 */
import { planWords } from '../assignments/plan-words';
import { planFor } from './wizard-plan';
import type { FieldId, PolicyPack, School } from '../policy/schema';
import { findProcedure } from './assessment';
import { subjectRoleChoices } from './subject-role';
import { DEFAULT_LABELS, FIELD_LIMITS } from './field-rules';
import { TRIAGE_DANGER, TRIAGE_NOT_SURE, fieldsToCheck } from './wizard-engine';
import { PUPIL_PART_WORDS } from '../people/pupil-part';
import { MAX_PUPIL_QUERY, type PupilInfo, chosenPupils, partChoices, pupilLabel } from './pupil-step';
import type { WizardState } from './wizard-state';

/** A choice step with at most this many answers is drawn as one button per answer (one press), not a list plus Next. */
export const BUTTON_CHOICES = 6;

/** One answer a person can choose. */
export interface ViewChoice {
  value: string;
  label: string;
}

/** One field of the details form, with what the person typed and any message about it. */
export interface ViewField {
  id: FieldId;
  label: string;
  help?: string;
  required: boolean;
  value: string;
  kind: 'date-time' | 'text' | 'multiline';
  maxLength: number;
  error?: string;
}

/** The pupil step in words: the search box, what it found, the parts to choose from, and who is added so far. */
export interface PupilStepView {
  queryLabel: string;
  /** What the person last searched for, drawn back in the box (never stored). */
  query: string;
  queryMaxLength: number;
  searchLabel: string;
  /** True once a search ran, so "no matches" can be said. */
  searched: boolean;
  /** Matches as choices: value the register id, label "Sam Carter (Year 5, 5C)". */
  matches: ViewChoice[];
  matchLabel: string;
  noMatchesLine?: string;
  parts: ViewChoice[];
  partLabel: string;
  addLabel: string;
  chosenHeading: string;
  chosen: Array<{ id: string; label: string; part: string }>;
  removeLabel: string;
  /** The button that moves on: "Next" with pupils added, "Skip: I will give initials" without. */
  nextLabel: string;
}

/** What the use case read from the register for this view: the chosen pupils' entries, and a search's matches. Shown only to the reporter. */
export interface RegisterFacts {
  pupils: Record<string, PupilInfo>;
  search?: { text: string; matches: PupilInfo[] };
}

/** The current step in words, for an adapter to draw. */
export interface WizardView {
  wizardId: string;
  revision: number;
  step: WizardState['step']['kind'];
  title: string;
  /** Short paragraphs shown under the title. */
  intro: string[];
  /** Shown first and prominently when a child may be in immediate danger (one short line after the first advice). */
  urgent?: { heading: string; lines: string[] };
  /** On "What happened?": the choice drawn as a button of its own, first and prominent (one press). */
  dangerChoice?: ViewChoice;
  /** On the review step: who will get the report and what each person is given. */
  plan?: Array<{ who: string; job: string }>;
  choices?: ViewChoice[];
  guidance?: { do: string[]; dont: string[] };
  fields?: ViewField[];
  noUploadsReason?: string;
  checklist?: Array<{ by: string; text: string }>;
  review?: Array<{ label: string; value: string }>;
  pupilStep?: PupilStepView;
  /** The label of the button that moves on, or undefined when choosing moves on. */
  nextLabel?: string;
  submitLabel?: string;
  canGoBack: boolean;
  /** Message beside the choices (key `choice`) or beside a field (key = field id). */
  errors: Record<string, string>;
}

const FIELD_KIND: Record<FieldId, ViewField['kind']> = {
  when: 'date-time',
  where: 'text',
  pupils: 'text',
  staff: 'text',
  device: 'text',
  url: 'text',
  description: 'multiline',
  evidence: 'multiline',
};

function urgentBlock(pack: PolicyPack, school: School): WizardView['urgent'] {
  const police = school.contacts['police-emergency'] ?? pack.contacts['police-emergency'];
  const dsl = school.roles.dsl;
  const names = dsl?.holders.map((h) => h.name).join(', ');
  return {
    heading: 'A child may be in danger: act now, then report',
    lines: [
      `Call ${police?.phone ?? '999'} now if a child is in immediate danger. Do not wait to finish this report.`,
      `Tell the ${dsl?.title ?? 'Designated Safeguarding Lead'}${names ? ` (${names})` : ''} in person or by phone straight away.`,
      'Stay with the child if you can. Do not investigate or question them further.',
      'When the child is safe, carry on here: the safeguarding team will get this report as urgent.',
    ],
  };
}

/** After the first advice, each later step keeps one short line of it. */
function urgentLine(pack: PolicyPack, school: School): WizardView['urgent'] {
  const police = school.contacts['police-emergency'] ?? pack.contacts['police-emergency'];
  return { heading: 'URGENT', lines: [`A child may be in danger: call ${police?.phone ?? '999'} if they are not safe, and tell the ${school.roles.dsl?.title ?? 'DSL'} in person now.`] };
}

/** The current step of a wizard in words, with `errors` beside the choices or fields. Pure. */
export function describeWizard(pack: PolicyPack, school: School, state: WizardState, errors: Record<string, string> = {}, register?: RegisterFacts): WizardView {
  const procedure = findProcedure(pack, state.procedureId);
  const base = {
    wizardId: state.id,
    revision: state.revision,
    step: state.step.kind,
    canGoBack: state.history.length > 0,
    errors,
    intro: [] as string[],
    urgent: state.immediateRisk && state.step.kind !== 'urgent-action' ? urgentLine(pack, school) : undefined,
  };
  const step = state.step;
  switch (step.kind) {
    case 'triage':
      return {
        ...base,
        title: 'What happened?',
        intro: ['Choose the closest match. If none fits, choose "Not sure" and answer a few short questions.'],
        ...(state.dangerFirst ? {} : { dangerChoice: { value: TRIAGE_DANGER, label: 'A child is in danger right now' } }),
        choices: [
          ...(state.dangerFirst ? [] : [{ value: TRIAGE_DANGER, label: 'A child is in danger right now' }]),
          ...menuOrder(pack).map((p) => ({ value: p.id, label: p.triage })),
          { value: TRIAGE_NOT_SURE, label: 'Not sure' },
        ],
      };
    case 'triage-question': {
      const node = pack.triage.nodes[step.node];
      return {
        ...base,
        title: node?.text ?? 'What happened?',
        choices: (node?.options ?? []).map((o, i) => ({ value: String(i), label: o.label })),
      };
    }
    case 'subject-role':
      return {
        ...base,
        title: 'Does the member of staff hold one of these roles?',
        intro: ['The report is kept away from them: their part goes to someone else, and they are never told of it.'],
        choices: subjectRoleChoices(school),
      };
    case 'immediate-risk':
      return {
        ...base,
        title: 'Is a child in immediate danger right now?',
        intro: [procedure ? `You are reporting: ${procedure.title}.` : '', 'If you are not sure, answer "Not sure": the safeguarding team will treat it as urgent.'].filter(Boolean),
        choices: [
          { value: 'yes', label: 'Yes' },
          { value: 'unsure', label: 'Not sure' },
          { value: 'no', label: 'No' },
        ],
      };
    case 'urgent-action':
      return { ...base, urgent: urgentBlock(pack, school), title: 'Do this first', nextLabel: 'The child is safe for now: continue the report' };
    case 'question': {
      const question = procedure?.questions.find((q) => q.id === step.questionId);
      return {
        ...base,
        title: question?.text ?? '',
        intro: question?.help ? [question.help] : [],
        choices: (question?.options ?? []).map((o) => ({ value: o.value, label: o.label })),
      };
    }
    case 'guidance':
      return {
        ...base,
        title: procedure ? `${procedure.title}: what to do now` : 'What to do now',
        guidance: procedure?.guidance,
        nextLabel: 'I understand: next',
      };
    case 'pupils': {
      const pupilStep = pupilStepView(state, register);
      return {
        ...base,
        title: 'Which pupils are involved?',
        intro: ['Find each pupil on the school register and say what their part is. For a child who is not on it, skip this and give their initials on the next step.'],
        pupilStep,
        nextLabel: pupilStep.nextLabel,
      };
    }
    case 'details': {
      const listed = chosenPupils(procedure, state.pupils).length > 0;
      return {
        ...base,
        title: 'The details',
        intro: ['Write what you saw or were told, in your own words. Keep to the facts.'],
        fields: (procedure ? fieldsToCheck(procedure, state) : []).map((f) => ({
          id: f.id,
          label:
            f.id === 'pupils' && listed
              ? 'Any other pupils involved (initials only, e.g. J.S.)'
              : (f.label ?? (f.id === 'pupils' && school.pupilNames === 'initials' ? 'Pupils involved (initials only, e.g. J.S.)' : DEFAULT_LABELS[f.id])),
          help: f.id === 'pupils' && listed ? 'The pupils you chose from the register are already on the report.' : f.help,
          required: f.required,
          value: state.fields[f.id] ?? '',
          kind: FIELD_KIND[f.id],
          maxLength: FIELD_LIMITS[f.id],
          error: errors[f.id],
        })),
        noUploadsReason: procedure?.noUploads?.reason,
        nextLabel: 'Next',
      };
    }
    case 'checklist':
      return {
        ...base,
        title: 'Your next steps',
        intro: ['These are yours to do. The people named will take the rest.'],
        checklist: (procedure?.steps ?? []).filter((s) => s.by === 'reporter' && (!s.when || state.answers[s.when.question] === s.when.answer)).map((s) => ({ by: 'You', text: s.text })),
        nextLabel: 'I will do these: next',
      };
    case 'review': {
      const planned = planFor(pack, school, state);
      const words = planned ? planWords(school, planned.plan, planned.tasks, pack.trust.roles) : undefined;
      const rows = (procedure?.fields ?? [])
        .filter((f) => state.fields[f.id])
        .map((f) => ({ label: (f.label ?? DEFAULT_LABELS[f.id]).replace(/[?:(].*$/, '').trim(), value: state.fields[f.id] ?? '' }));
      return {
        ...base,
        title: 'Check and send',
        intro: [
          `Report: ${procedure?.title ?? ''}`,
          planned?.plan.urgent ? 'This will be sent as URGENT.' : '',
          words ? 'When you press Send, it goes to these people. The next message will say who has been reached.' : '',
          ...(words?.standInLines ?? []),
        ].filter(Boolean),
        plan: (words?.lines ?? []).map((l) => ({ who: l.who, job: l.job })),
        review: [...pupilRows(procedure, state, register), ...rows],
        submitLabel: 'Send report',
      };
    }
  }
}

function infoLabel(register: RegisterFacts | undefined, id: string): string {
  const info = register?.pupils[id];
  return info ? pupilLabel(info) : 'A pupil no longer on the register';
}

function pupilStepView(state: WizardState, register: RegisterFacts | undefined): PupilStepView {
  const chosen = (state.pupils ?? []).map((p) => ({ id: p.pupilId, label: infoLabel(register, p.pupilId), part: PUPIL_PART_WORDS[p.part] }));
  const search = register?.search;
  return {
    queryLabel: 'Type part of a name or a class',
    query: search?.text ?? '',
    queryMaxLength: MAX_PUPIL_QUERY,
    searchLabel: 'Search',
    searched: Boolean(search),
    matches: (search?.matches ?? []).map((m) => ({ value: m.id, label: pupilLabel(m) })),
    matchLabel: 'Choose the pupil',
    noMatchesLine: search && !search.matches.length ? 'No current pupil on the register matches that. Try fewer letters, or the class, or skip and give initials.' : undefined,
    parts: partChoices(),
    partLabel: 'Their part',
    addLabel: 'Add',
    chosenHeading: chosen.length ? 'Added to this report' : 'Nobody added yet',
    chosen,
    removeLabel: 'Remove',
    nextLabel: chosen.length ? 'Next' : 'Skip: I will give initials',
  };
}

function pupilRows(procedure: PolicyPack['procedures'][number] | undefined, state: WizardState, register: RegisterFacts | undefined): Array<{ label: string; value: string }> {
  return chosenPupils(procedure, state.pupils).map((p) => ({ label: 'Pupil from the register', value: `${infoLabel(register, p.pupilId)}: ${PUPIL_PART_WORDS[p.part]}` }));
}

/** Procedures in the order the pack's triage menu gives, then any others in file order. */
function menuOrder(pack: PolicyPack): PolicyPack['procedures'] {
  const rank = (id: string) => {
    const i = pack.triage.menu.indexOf(id);
    return i < 0 ? pack.triage.menu.length : i;
  };
  return pack.procedures.filter((p) => p.id !== pack.triage.danger).sort((a, b) => rank(a.id) - rank(b.id));
}
