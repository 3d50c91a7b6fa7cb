/** Walks the Slack report modal for one procedure, answering as a teacher would, until the receipt. */
import type { Procedure, Question } from '../../src/core/policy/schema';
import { TRIAGE_DANGER } from '../../src/core/wizard/wizard-engine';
import type { WizardState } from '../../src/core/wizard/wizard-state';
import type { SlackHarness } from './slack-bot';
import { buttonsIn, type SlackUser } from './slack-user';
import { sampleFields, stayInProcedure } from './walk-wizard';

export interface WalkOptions {
  immediateRisk?: 'yes' | 'no';
  choose?: (q: Question) => string;
  /** The answer to "does the member of staff hold one of these roles?" (default: none of these). */
  subjectRole?: string;
  /** Typed into the details form instead of the sample answers (e.g. `{ description: '…' }`). */
  fields?: Record<string, string>;
  /** Acts on the pupil step (shown when the school has a register); it must leave the step. Default: Next, adding nobody. */
  onPupilStep?: () => Promise<void>;
  /** Called with every view the person sees (e.g. to check Block Kit limits). */
  onView?: (view: any) => void;
}

export async function walkSlackReport(harness: SlackHarness, user: SlackUser, procedureId: string, options: WalkOptions = {}) {
  const seen: any[] = [];
  const see = () => {
    seen.push(user.view);
    options.onView?.(user.view);
  };
  await user.slash('');
  see();
  const pick = (value: string) => {
    const button = buttonsIn(user.view?.blocks).find((b) => b.action_id === 'report-next' && b.value === value);
    if (!button) throw new Error(`no choice "${value}" in ${JSON.stringify(user.view?.blocks).slice(0, 400)}`);
    return button;
  };
  // The danger procedure is not on the menu: "A child is in danger right now" leads to it.
  const dangerFirst = procedureId === harness.bot.deps.pack.triage.danger;
  await user.pressInModal(pick(dangerFirst ? TRIAGE_DANGER : procedureId));
  see();
  for (let i = 0; i < 30; i++) {
    const view = user.view;
    if (!view) throw new Error('modal closed');
    if (!view.callback_id) return { receipt: view, seen };
    const wizardId = String(view.private_metadata).split('.')[0] as string;
    const state = (await harness.bot.deps.store.query<WizardState>('wizards', { where: [{ field: 'id', op: '=', value: wizardId }] }))[0];
    const procedure = harness.bot.deps.pack.procedures.find((p) => p.id === state?.procedureId) as Procedure;
    switch (state?.step.kind) {
      case 'immediate-risk':
        await user.pressInModal(pick(options.immediateRisk ?? 'no'));
        break;
      case 'question': {
        const step = state.step;
        const question = procedure.questions.find((q) => q.id === step.questionId) as Question;
        await user.pressInModal(pick((options.choose ?? stayInProcedure)(question)));
        break;
      }
      case 'subject-role':
        await user.pressInModal(pick(options.subjectRole ?? 'none-of-these'));
        break;
      case 'details': {
        const fields = { ...sampleFields(procedure), ...options.fields };
        const when: Record<string, string> = fields.when ? { whenDate: fields.when.slice(0, 10), whenTime: fields.when.slice(11, 16) } : {};
        delete fields.when;
        user.fill({ ...fields, ...when });
        const reply = await user.submit();
        if (reply.json?.response_action === 'errors') throw new Error(`details refused: ${JSON.stringify(reply.json.errors)}`);
        break;
      }
      case 'pupils':
        if (options.onPupilStep) {
          await options.onPupilStep();
          break;
        }
        await user.submit();
        break;
      default: {
        const reply = await user.submit();
        if (reply.status !== 200) throw new Error(`submit answered ${reply.status}`);
      }
    }
    see();
  }
  throw new Error('the wizard did not finish');
}
