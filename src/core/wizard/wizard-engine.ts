/**
 * The one interpreter that runs every procedure as a state machine: `(state, input) → { state, effects }`.
 * Pure: no store, no clock reads (the caller passes `now`), no platform. Adapters draw the step it
 * describes and hand back what the person entered.
 */
import type { PolicyPack, Procedure, School } from '../policy/schema';
import type { FieldId } from '../policy/schema';
import { assess, findProcedure, nextQuestion } from './assessment';
import { SUBJECT_ROLE_NONE, SUBJECT_ROLE_NOT_SURE, subjectRoleChoices } from './subject-role';
import { checkFields } from './field-rules';
import { MAX_PUPIL_QUERY, type RegisterCheck, asksForPupils, chosenPupils, stepPupils } from './pupil-step';
import type { WizardInput, WizardSnapshot, WizardState, WizardStep } from './wizard-state';

/** What the caller should do after a step. */
export type WizardEffect =
  /** Draw the current step. */
  | { kind: 'show' }
  /** Draw the current step again with these messages beside the fields. */
  | { kind: 'field-errors'; errors: Record<string, string> }
  /** The reporter confirmed the review: record the incident. */
  | { kind: 'submit' }
  /** On the pupil step: search the register for `text` and draw the step with the matches (nothing changed). */
  | { kind: 'pupil-search'; text: string }
  | { kind: 'cancelled' }
  /** The wizard was already submitted or cancelled; nothing changed. */
  | { kind: 'closed' };

/** A step's result: the new state (the same object when nothing changed) and what to do. */
export interface WizardResult {
  state: WizardState;
  effects: WizardEffect[];
}

/** What a step needs besides the state: the pack, the school and the time. */
export interface WizardContext {
  pack: PolicyPack;
  school: School;
  now: Date;
  /** The school's register as the use case found it for this input; without it the pupil step is never shown. */
  register?: RegisterCheck;
}

/** Choices on the first step besides the procedures themselves. */
export const TRIAGE_DANGER = 'danger-now';
/** The "Not sure" choice on the first step. */
export const TRIAGE_NOT_SURE = 'not-sure';

const stay = (state: WizardState, errors: Record<string, string>): WizardResult => ({
  state,
  effects: [{ kind: 'field-errors', errors }],
});

function choiceOf(input: WizardInput): string | undefined {
  const value = input.values?.choice;
  return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : undefined;
}

function snapshot(state: WizardState): WizardSnapshot {
  return { step: state.step, procedureId: state.procedureId, carried: state.carried, answers: { ...state.answers }, immediateRisk: state.immediateRisk, subjectRoles: state.subjectRoles };
}

function move(state: WizardState, step: WizardStep, changes: Partial<WizardState>, now: Date): WizardResult {
  return {
    state: {
      ...state,
      ...changes,
      history: [...state.history, snapshot(state)],
      step,
      revision: state.revision + 1,
      updatedAt: now.toISOString(),
    },
    effects: [{ kind: 'show' }],
  };
}

type Progress = Pick<WizardState, 'answers' | 'immediateRisk' | 'carried' | 'subjectRoles' | 'dangerFirst'>;

/** The details form, after the pupil step when the school has a register and the procedure asks about pupils. */
function detailsStep(procedure: Procedure, register: RegisterCheck | undefined): WizardStep {
  return register?.inUse && asksForPupils(procedure) ? { kind: 'pupils' } : { kind: 'details' };
}

/** The procedure's fields as this wizard checks them: pupils chosen from the register make the typed pupils field optional. */
export function fieldsToCheck(procedure: Procedure, state: Pick<WizardState, 'pupils'>): Procedure['fields'] {
  if (!chosenPupils(procedure, state.pupils).length) return procedure.fields;
  return procedure.fields.map((f) => (f.id === 'pupils' ? { ...f, required: false } : f));
}

/**
 * The step after the procedure is known and the given answers are in. A concern about a member of staff
 * asks whether they hold one of the school's roles, so that the plan keeps it from them. Someone who
 * began with "A child is in danger right now" has seen what to do first, so goes straight to the details.
 */
function stepWithin(procedure: Procedure, progress: Progress, register?: RegisterCheck): WizardStep {
  if (procedure.askImmediateRisk && progress.immediateRisk === undefined) return { kind: 'immediate-risk' };
  const question = nextQuestion(procedure, progress.answers);
  if (question) return { kind: 'question', questionId: question.id };
  if (assess(procedure, progress).subject === 'staff' && progress.subjectRoles === undefined) return { kind: 'subject-role' };
  return progress.dangerFirst ? detailsStep(procedure, register) : { kind: 'guidance' };
}

function hasReporterSteps(procedure: Procedure): boolean {
  return procedure.steps.some((s) => s.by === 'reporter');
}

function forward(ctx: WizardContext, state: WizardState, input: WizardInput): WizardResult {
  const { pack, now } = ctx;
  const within = (p: Procedure, progress: Progress) => stepWithin(p, progress, ctx.register);
  const procedure = findProcedure(pack, state.procedureId);
  const choice = choiceOf(input);
  const step = state.step;

  switch (step.kind) {
    case 'triage': {
      if (choice === TRIAGE_DANGER) {
        const danger = findProcedure(pack, pack.triage.danger);
        return move(state, { kind: 'urgent-action' }, { immediateRisk: true, dangerFirst: true, ...(danger && { procedureId: danger.id, answers: {} }) }, now);
      }
      if (choice === TRIAGE_NOT_SURE) return move(state, { kind: 'triage-question', node: pack.triage.start }, {}, now);
      const chosen = findProcedure(pack, choice);
      if (!chosen) return stay(state, { choice: 'Please choose what happened, or "Not sure".' });
      return move(state, within(chosen, { ...state, answers: {} }), { procedureId: chosen.id, answers: {} }, now);
    }
    case 'triage-question': {
      const node = pack.triage.nodes[step.node];
      const option = node?.options[Number(choice)];
      if (!node || !option || !/^\d+$/.test(choice ?? '')) return stay(state, { choice: 'Please choose one of the answers.' });
      if (option.next) return move(state, { kind: 'triage-question', node: option.next }, {}, now);
      const chosen = findProcedure(pack, option.procedure);
      if (!chosen) return stay(state, { choice: 'Please choose one of the answers.' });
      return move(state, within(chosen, { ...state, answers: {} }), { procedureId: chosen.id, answers: {} }, now);
    }
    case 'immediate-risk': {
      if (!procedure) return stay(state, { choice: 'Please start again with /report.' });
      if (choice === 'no') return move(state, within(procedure, { ...state, immediateRisk: false }), { immediateRisk: false }, now);
      // "Not sure" is treated as yes: it is safer to alert the safeguarding team and be wrong.
      if (choice === 'yes' || choice === 'unsure') return move(state, { kind: 'urgent-action' }, { immediateRisk: true }, now);
      return stay(state, { choice: 'Please answer yes, no or not sure.' });
    }
    case 'urgent-action': {
      if (!procedure) return move(state, { kind: 'triage' }, {}, now);
      // Starting from "A child is in danger right now", pressing on here is agreeing to the first advice.
      return move(state, within(procedure, state), state.dangerFirst ? { checklistConfirmed: true } : {}, now);
    }
    case 'subject-role': {
      if (!procedure) return stay(state, { choice: 'Please start again with /report.' });
      const valid = subjectRoleChoices(ctx.school).some((c) => c.value === choice);
      if (!choice || !valid) return stay(state, { choice: 'Please choose one of the answers.' });
      const subjectRoles = choice === SUBJECT_ROLE_NOT_SURE ? 'not-sure' : choice === SUBJECT_ROLE_NONE ? [] : [choice];
      return move(state, within(procedure, { ...state, subjectRoles }), { subjectRoles }, now);
    }
    case 'question': {
      if (!procedure) return stay(state, { choice: 'Please start again with /report.' });
      const question = procedure.questions.find((q) => q.id === step.questionId);
      const option = question?.options.find((o) => o.value === choice);
      if (!question || !option) return stay(state, { choice: 'Please choose one of the answers.' });
      const switchTo = findProcedure(pack, option.sets.switchTo);
      const visited = state.history.some((h) => h.procedureId === switchTo?.id);
      if (switchTo && !visited && switchTo.id !== procedure.id) {
        const { subject, safeguarding, urgent } = option.sets;
        const carried = { ...state.carried, ...(subject && { subject }), ...(safeguarding && { safeguarding }), ...(urgent && { urgent }) };
        return move(state, within(switchTo, { ...state, answers: {}, carried }), { procedureId: switchTo.id, answers: {}, carried }, now);
      }
      const answers = { ...state.answers, [question.id]: option.value };
      return move(state, within(procedure, { ...state, answers }), { answers }, now);
    }
    case 'guidance':
      return procedure ? move(state, detailsStep(procedure, ctx.register), {}, now) : move(state, { kind: 'details' }, {}, now);
    case 'pupils': {
      if (!procedure) return stay(state, { choice: 'Please start again with /report.' });
      const result = stepPupils(state.pupils ?? [], input.values ?? {}, ctx.register ?? { inUse: false, verified: [] });
      if (result.kind === 'errors') return stay(state, result.errors);
      if (result.kind === 'search') return { state, effects: [{ kind: 'pupil-search', text: result.text.slice(0, MAX_PUPIL_QUERY) }] };
      // A change to the list is not a step of its own: "Back" still goes to the step before this one.
      if (result.kind === 'changed') return { state: { ...state, pupils: result.pupils, revision: state.revision + 1, updatedAt: now.toISOString() }, effects: [{ kind: 'show' }] };
      return move(state, { kind: 'details' }, { pupils: result.pupils }, now);
    }
    case 'details': {
      if (!procedure) return stay(state, { choice: 'Please start again with /report.' });
      const fields: Partial<Record<FieldId, string>> = {};
      for (const field of procedure.fields) {
        const raw = input.values?.[field.id];
        if (raw !== undefined && typeof raw !== 'string') return stay(state, { [field.id]: 'Please type this as text.' });
        if (typeof raw === 'string' && raw.trim()) fields[field.id] = raw.trim();
      }
      const errors = checkFields(fieldsToCheck(procedure, state), fields, ctx.school, now);
      // Errors keep the revision: the step is unchanged, so the form on screen (a Slack modal answered with
      // `errors` cannot change its metadata) is still the current one.
      const kept = { ...state, fields, updatedAt: now.toISOString() };
      if (Object.keys(errors).length) return stay(kept, errors as Record<string, string>);
      const checklist = hasReporterSteps(procedure) && !state.dangerFirst;
      return move(kept, checklist ? { kind: 'checklist' } : { kind: 'review' }, {}, now);
    }
    case 'checklist':
      return move(state, { kind: 'review' }, { checklistConfirmed: true }, now);
    case 'review':
      return { state, effects: [{ kind: 'field-errors', errors: { choice: 'Press "Send report" to send it.' } }] };
  }
}

function typedFields(pack: PolicyPack, state: WizardState, input: WizardInput): Partial<Record<FieldId, string>> {
  const fields: Partial<Record<FieldId, string>> = {};
  for (const field of findProcedure(pack, state.procedureId)?.fields ?? []) {
    const raw = input.values?.[field.id];
    if (typeof raw === 'string') fields[field.id] = raw.trim().slice(0, 4000);
  }
  return fields;
}

/** Applies one input to one wizard. Never throws on bad input: it answers with field errors instead. */
export function advanceWizard(ctx: WizardContext, state: WizardState, input: WizardInput): WizardResult {
  if (state.status !== 'open') return { state, effects: [{ kind: 'closed' }] };
  const now = ctx.now.toISOString();
  switch (input.action) {
    case 'cancel':
      return { state: { ...state, status: 'cancelled', revision: state.revision + 1, updatedAt: now }, effects: [{ kind: 'cancelled' }] };
    case 'back': {
      const previous = state.history[state.history.length - 1];
      if (!previous) return { state, effects: [{ kind: 'show' }] };
      // Keep what was typed on the details form, unchecked, so going back loses nothing.
      const fields = state.step.kind === 'details' ? { ...state.fields, ...typedFields(ctx.pack, state, input) } : state.fields;
      return {
        state: { ...state, ...previous, fields, history: state.history.slice(0, -1), revision: state.revision + 1, updatedAt: now },
        effects: [{ kind: 'show' }],
      };
    }
    case 'submit': {
      if (state.step.kind !== 'review') return stay(state, { choice: 'Please finish each step before sending.' });
      const procedure = findProcedure(ctx.pack, state.procedureId);
      const errors = procedure ? checkFields(fieldsToCheck(procedure, state), state.fields, ctx.school, ctx.now) : { choice: 'missing' };
      if (!procedure || Object.keys(errors).length) return stay(state, { choice: 'Some details are missing. Go back to the details step.' });
      return { state, effects: [{ kind: 'submit' }] };
    }
    case 'next':
      return forward(ctx, state, input);
    default:
      return stay(state, { choice: 'That button is not recognised. Please try again.' });
  }
}

/** A fresh wizard at "What happened?". */
export function newWizard(args: { id: string; school: School; pack: PolicyPack; reporter: WizardState['reporter']; now: Date; procedureId?: string }): WizardState {
  const state: WizardState = {
    id: args.id,
    schoolId: args.school.id,
    reporter: args.reporter,
    packVersion: args.pack.version,
    status: 'open',
    step: { kind: 'triage' },
    history: [],
    answers: {},
    fields: {},
    checklistConfirmed: false,
    revision: 0,
    createdAt: args.now.toISOString(),
    updatedAt: args.now.toISOString(),
  };
  const procedure = findProcedure(args.pack, args.procedureId);
  if (!procedure) return state;
  return { ...state, procedureId: procedure.id, step: stepWithin(procedure, state) };
}
