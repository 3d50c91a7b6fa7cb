/** A filtering view (request, outcome, reminder, reply) as a Slack message, and the Refuse form. */
import { FILTERING_ACTIONS, type FilteringView } from '../../../core/filtering/filtering-view';
import { LIMITS, button, clip, escapeMrkdwn, plain, section } from './block-kit';
import type { KnownBlock, ModalView, SlackMessage } from './slack-types';

/** The Refuse form's callback id. */
export const REFUSE_FORM = 'unblock-refuse-form';

/** A filtering button's value: the school and the entry's opaque id. */
export function filteringToken(schoolId: string, entryId: string): string {
  return `${schoolId}/${entryId}`;
}

/** Reads a filtering button's value; undefined when it is not one. */
export function parseFilteringToken(token: unknown): { schoolId: string; entryId: string } | undefined {
  if (typeof token !== 'string' || token.length > 200) return undefined;
  const match = /^([a-z0-9-]{1,100})\/([0-9a-f]{24})$/.exec(token);
  return match ? { schoolId: match[1] as string, entryId: match[2] as string } : undefined;
}

export function filteringMessage(view: FilteringView): SlackMessage {
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(view.title)}*`), ...view.lines.map((l) => section(escapeMrkdwn(l)))];
  if (view.facts.length) blocks.push(section(clip(view.facts.map((f) => `*${escapeMrkdwn(f.title)}:* ${escapeMrkdwn(f.value)}`).join('\n'), LIMITS.sectionText)));
  const target = view.target;
  if (target && view.actions.length) {
    blocks.push({
      type: 'actions',
      block_id: `filtering:${target.entryId}`,
      elements: view.actions.map((a) => button(a.title, a.verb, filteringToken(target.schoolId, target.entryId), a.verb === FILTERING_ACTIONS.refuse ? 'danger' : 'primary')),
    });
  }
  return { text: clip(`${view.title}. ${view.lines.join(' ')}`, LIMITS.messageText), blocks };
}

/** The form a Refuse press opens: the reason, required (the teacher is told it). */
export function refuseFormModal(where: string, heading: string): ModalView {
  return {
    type: 'modal',
    callback_id: REFUSE_FORM,
    private_metadata: where,
    title: plain('Refuse the unblock', LIMITS.viewTitle),
    submit: plain('Refuse', LIMITS.viewButton),
    close: plain('Cancel', LIMITS.viewButton),
    blocks: [
      section(`*${escapeMrkdwn(heading)}*`),
      {
        type: 'input',
        block_id: 'reason',
        label: plain('Why is it refused? (the teacher is told)', 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}
