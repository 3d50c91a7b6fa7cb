/** What the answers so far say about a report: which procedure, who it is about, how serious. */
import type { PolicyPack, Procedure, Question, Subject } from '../policy/schema';
import type { WizardState } from './wizard-state';

export interface Assessment {
  procedure: Procedure;
  subject: Subject;
  safeguarding: boolean;
  urgent: boolean;
  immediateRisk: boolean;
}

export function findProcedure(pack: PolicyPack, id: string | undefined): Procedure | undefined {
  return id === undefined ? undefined : pack.procedures.find((p) => p.id === id);
}

/** The questions that apply given the answers so far (a question with `when` waits for its answer). */
export function applicableQuestions(procedure: Procedure, answers: Record<string, string>): Question[] {
  return procedure.questions.filter((q) => !q.when || answers[q.when.question] === q.when.answer);
}

export function nextQuestion(procedure: Procedure, answers: Record<string, string>): Question | undefined {
  return applicableQuestions(procedure, answers).find((q) => answers[q.id] === undefined);
}

export function assess(procedure: Procedure, state: Pick<WizardState, 'answers' | 'immediateRisk'>): Assessment {
  let subject = procedure.defaultSubject;
  let safeguarding = procedure.safeguarding;
  let urgent = false;
  for (const q of applicableQuestions(procedure, state.answers)) {
    const sets = q.options.find((o) => o.value === state.answers[q.id])?.sets;
    if (!sets) continue;
    subject = sets.subject ?? subject;
    safeguarding = sets.safeguarding ?? safeguarding;
    urgent = sets.urgent ?? urgent;
  }
  const immediateRisk = state.immediateRisk === true;
  return { procedure, subject, safeguarding: safeguarding || immediateRisk, urgent: urgent || immediateRisk, immediateRisk };
}
