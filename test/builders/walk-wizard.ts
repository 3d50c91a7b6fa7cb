/** Drives a report through the core use cases the way a person would, answering each step. */
import type { CoreDeps } from '../../src/core/deps';
import type { Actor } from '../../src/core/people/actor';
import type { FieldId, Procedure, Question } from '../../src/core/policy/schema';
import { type StepOutcome, type WizardRef, startReport, stepReport } from '../../src/core/incidents/report-wizard';
import type { WizardState } from '../../src/core/wizard/wizard-state';

import { BUTTON_CHOICES } from '../../src/core/wizard/wizard-view';
import { TRIAGE_DANGER } from '../../src/core/wizard/wizard-engine';

export const teacher: Actor = { platform: 'teams', userId: 'aad-teacher-1', name: 'Sam Teacher' };

const SAMPLE: Record<FieldId, string> = {
  when: '2026-11-20T10:15',
  where: 'Year 5 classroom',
  pupils: 'J.S., A.B.',
  staff: 'Class teacher',
  device: 'School laptop 14',
  url: 'https://example.org/page',
  description: 'During the lesson a pupil showed me the screen and told me what had happened.',
  evidence: 'Laptop locked in the office; screenshots of messages kept by the DSL.',
};

export function sampleFields(procedure: Procedure): Record<string, string> {
  return Object.fromEntries(procedure.fields.map((f) => [f.id, SAMPLE[f.id]]));
}

/** By default: stay in the procedure (never take a switch) and pick its first such answer. */
export const stayInProcedure = (q: Question) => (q.options.find((o) => !o.sets.switchTo) ?? q.options[0])?.value ?? '';

export async function walkReport(
  deps: CoreDeps,
  procedureId: string,
  options: {
    actor?: Actor;
    immediateRisk?: 'yes' | 'no';
    choose?: (q: Question) => string;
    /** The answer to "does the member of staff hold one of these roles?" (default: none of these). */
    subjectRole?: string;
    maxSteps?: number;
    stopAt?: string;
    /** On the pupil step (a school with a register): add these from the register, then Next. Default: none. */
    pupils?: Array<{ pupilId: string; part: string }>;
  } = {},
): Promise<{ outcome: StepOutcome; ref: WizardRef; steps: string[]; presses: number }> {
  const actor = options.actor ?? teacher;
  const started = await startReport(deps, actor);
  const ref = { ...started.ref };
  let outcome: StepOutcome = await stepReport(deps, ref, actor, { action: 'next', values: { choice: procedureId } });
  const steps: string[] = ['triage'];
  // As in Teams: a short choice (up to BUTTON_CHOICES answers) is one button per answer, so one press; a
  // longer list is pick, then Next (two); any other step is one. "What happened?" is the long list.
  // "A child is in danger right now" is a button of its own on the first card.
  let presses = procedureId === TRIAGE_DANGER ? 1 : 2;
  for (let i = 0; i < (options.maxSteps ?? 40) && outcome.kind === 'view'; i++) {
    const view = outcome.view;
    if (Object.keys(view.errors).length) throw new Error(`step ${view.step} refused: ${JSON.stringify(view.errors)}`);
    steps.push(view.step);
    if (view.step === options.stopAt) break;
    presses += (view.choices?.length ?? 0) > BUTTON_CHOICES ? 2 : 1;
    ref.revision = view.revision;
    const state = await deps.store.get<WizardState>('wizards', ref.schoolId, ref.wizardId);
    const current = deps.pack.procedures.find((p) => p.id === state?.procedureId);
    switch (view.step) {
      case 'immediate-risk':
        outcome = await stepReport(deps, ref, actor, { action: 'next', values: { choice: options.immediateRisk ?? 'no' } });
        break;
      case 'question': {
        const question = current?.questions.find((q) => state?.step.kind === 'question' && q.id === state.step.questionId);
        if (!question) throw new Error('question not found');
        outcome = await stepReport(deps, ref, actor, { action: 'next', values: { choice: (options.choose ?? stayInProcedure)(question) } });
        break;
      }
      case 'subject-role':
        outcome = await stepReport(deps, ref, actor, { action: 'next', values: { choice: options.subjectRole ?? 'none-of-these' } });
        break;
      case 'urgent-action':
        outcome = await stepReport(deps, ref, actor, { action: 'next' });
        break;
      case 'details':
        outcome = await stepReport(deps, ref, actor, { action: 'next', values: sampleFields(current as Procedure) });
        break;
      case 'review':
        outcome = await stepReport(deps, ref, actor, { action: 'submit' });
        break;
      case 'pupils':
        for (const pupil of options.pupils ?? []) {
          const added = await stepReport(deps, ref, actor, { action: 'next', values: { choice: 'pupil-add', pupilMatch: pupil.pupilId, pupilPart: pupil.part } });
          if (added.kind !== 'view' || Object.keys(added.view.errors).length)
            throw new Error(`pupil ${pupil.pupilId} refused: ${JSON.stringify(added.kind === 'view' ? added.view.errors : added.kind)}`);
          ref.revision = added.view.revision;
        }
        outcome = await stepReport(deps, ref, actor, { action: 'next' });
        break;
      default:
        outcome = await stepReport(deps, ref, actor, { action: 'next' });
    }
  }
  return { outcome, ref, steps, presses };
}
