/** What the answers so far say about a report: which procedure, who it is about, how serious. */
import type { PolicyPack, Procedure, Question, Subject } from '../policy/schema';
import type { WizardState } from './wizard-state';

const SENSITIVITY: Record<Subject, number> = { head: 5, dsl: 4, staff: 3, 'parent-or-public': 2, pupil: 1, unknown: 0 };

/** What the answers so far say about a report. */
export interface Assessment {
  procedure: Procedure;
  subject: Subject;
  safeguarding: boolean;
  urgent: boolean;
  immediateRisk: boolean;
}

/** The pack's procedure with this id, if any. */
export function findProcedure(pack: PolicyPack, id: string | undefined): Procedure | undefined {
  return id === undefined ? undefined : pack.procedures.find((p) => p.id === id);
}

/** The questions that apply given the answers so far (a question with `when` waits for its answer). */
export function applicableQuestions(procedure: Procedure, answers: Record<string, string>): Question[] {
  return procedure.questions.filter((q) => !q.when || answers[q.when.question] === q.when.answer);
}

/** The first question that applies and has no answer yet, if any. */
export function nextQuestion(procedure: Procedure, answers: Record<string, string>): Question | undefined {
  return applicableQuestions(procedure, answers).find((q) => answers[q.id] === undefined);
}

/** What a procedure and the answers so far make of the report: who it is about, whether it is safeguarding or urgent. Immediate danger makes it both. */
export function assess(procedure: Procedure, state: Pick<WizardState, 'answers' | 'immediateRisk' | 'carried'>): Assessment {
  let subject = state.carried?.subject ?? procedure.defaultSubject;
  let safeguarding = procedure.safeguarding || state.carried?.safeguarding === true;
  let urgent = state.carried?.urgent === true;
  for (const q of applicableQuestions(procedure, state.answers)) {
    const sets = q.options.find((o) => o.value === state.answers[q.id])?.sets;
    if (!sets) continue;
    subject = sets.subject ?? subject;
    safeguarding = sets.safeguarding ?? safeguarding;
    urgent = sets.urgent ?? urgent;
  }
  // An adult at school named before a switch of procedure stays the subject unless a later answer is
  // more sensitive still, so a concern about the head can never drift back to the head.
  const carried = state.carried?.subject;
  if (carried && SENSITIVITY[carried] > SENSITIVITY[subject]) subject = carried;
  const immediateRisk = state.immediateRisk === true;
  return { procedure, subject, safeguarding: safeguarding || immediateRisk, urgent: urgent || immediateRisk, immediateRisk };
}
