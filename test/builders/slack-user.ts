/**
 * A person using the Slack app, the way the Slack client would: typing `/report`, pressing buttons in
 * the modal or on a message, typing into inputs and submitting. Every request is signed; the modal the
 * person sees is whatever the app last opened, updated or answered with.
 */
import type { FakeSlackApi } from '../fakes/fake-slack-api';
import { type SlackUserRef, interaction, nextTrigger, slashCommand } from './slack-request';

type View = Record<string, any> & { id: string; hash: string };

export interface Pressable {
  action_id: string;
  value?: string;
  block_id?: string;
  text?: { text: string };
}

/** Every button in a list of blocks, with its block id. */
export function buttonsIn(blocks: any[] = []): Pressable[] {
  const found: Pressable[] = [];
  for (const block of blocks) {
    if (block.accessory?.type === 'button') found.push({ ...block.accessory, block_id: block.block_id });
    for (const element of block.elements ?? []) if (element.type === 'button') found.push({ ...element, block_id: block.block_id });
  }
  return found;
}

/** The teacher the Slack tests act as (not in the demo pack: an ordinary member of staff). */
export const SLACK_TEACHER: SlackUserRef = { id: 'U0TEACH01', name: 'sam.teacher' };

export function viewText(view: any): string {
  return JSON.stringify(view?.blocks ?? view);
}

export class SlackUser {
  view?: View;
  /** What was typed into the open modal: block id → value. */
  private typed: Record<string, Record<string, unknown>> = {};

  constructor(
    readonly ref: SlackUserRef,
    private readonly slackUrl: string,
    private readonly api: FakeSlackApi,
  ) {}

  private user() {
    return { id: this.ref.id, username: this.ref.name, name: this.ref.name, team_id: 'T0DEMO' };
  }

  private state() {
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of this.view?.blocks ?? []) {
      if (block.type !== 'input') continue;
      const element = block.element;
      const typed = this.typed[block.block_id];
      const value =
        element.type === 'datepicker'
          ? { type: 'datepicker', selected_date: (typed as any)?.selected_date ?? element.initial_date ?? null }
          : element.type === 'timepicker'
            ? { type: 'timepicker', selected_time: (typed as any)?.selected_time ?? element.initial_time ?? null }
            : element.type === 'static_select'
              ? { type: 'static_select', selected_option: (typed as any)?.selected_option ?? null }
              : { type: 'plain_text_input', value: (typed as any)?.value ?? element.initial_value ?? null };
      values[block.block_id] = { [element.action_id]: value };
    }
    return { values };
  }

  /** `/report …` in a DM (or a channel). Waits for the modal when one opens. */
  async slash(text = '', channel?: { id: string; name: string }) {
    const before = this.api.callsTo('views.open').length;
    const reply = await slashCommand(this.slackUrl, this.ref, text, channel, undefined, `${this.api.url}respond`);
    if (reply.status === 200 && !text) {
      await this.api.waitFor('views.open', before + 1);
      this.view = this.openedView(before);
      this.typed = {};
    }
    return reply;
  }

  private openedView(index: number): View {
    const call = this.api.callsTo('views.open')[index];
    // The client shows the view Slack answered with: its id and hash come from the answer.
    return { ...(call?.args.view ?? {}), id: call?.answer?.view?.id, hash: call?.answer?.view?.hash } as View;
  }

  /** Types into the modal's inputs: `{ description: '…', whenDate: '2026-11-20', assignee: 'option value' }`. */
  fill(values: Record<string, string>) {
    for (const [blockId, value] of Object.entries(values)) {
      const block = (this.view?.blocks ?? []).find((b: any) => b.block_id === blockId);
      const type = block?.element?.type;
      this.typed[blockId] = type === 'datepicker' ? { selected_date: value } : type === 'timepicker' ? { selected_time: value } : type === 'static_select' ? { selected_option: { value } } : { value };
    }
  }

  /** Presses a button in the open modal; the app answers with `views.update`. */
  async pressInModal(button: Pressable) {
    if (!this.view) throw new Error('no modal open');
    const before = this.api.callsTo('views.update').length;
    const reply = await interaction(this.slackUrl, {
      type: 'block_actions',
      team: { id: 'T0DEMO' },
      user: this.user(),
      trigger_id: nextTrigger(),
      container: { type: 'view', view_id: this.view.id },
      view: { ...this.view, state: this.state() },
      actions: [{ type: 'button', action_id: button.action_id, block_id: button.block_id, value: button.value, action_ts: `${Date.now() / 1000}` }],
    });
    const updates = await this.api.waitFor('views.update', before + 1);
    const update = updates[updates.length - 1];
    this.view = { ...update?.args.view, id: update?.args.view_id, hash: update?.answer?.view?.hash };
    this.typed = {};
    return reply;
  }

  /** Submits the open modal. Returns the app's answer (`response_action`), and shows an updated view. */
  async submit() {
    if (!this.view) throw new Error('no modal open');
    const reply = await interaction(this.slackUrl, {
      type: 'view_submission',
      team: { id: 'T0DEMO' },
      user: this.user(),
      trigger_id: nextTrigger(),
      view: { ...this.view, state: this.state() },
    });
    if (reply.json?.response_action === 'update') {
      // Slack keeps the view id and gives a new hash; the fake learns it on the next views.update.
      this.view = { ...reply.json.view, id: this.view.id, hash: this.view.hash };
      this.typed = {};
    } else if (reply.json?.response_action === 'clear' || (reply.status === 200 && !reply.text)) {
      this.view = undefined;
    }
    return reply;
  }

  /** Closes the modal with its Cancel button. */
  async close() {
    if (!this.view) throw new Error('no modal open');
    const reply = await interaction(this.slackUrl, { type: 'view_closed', team: { id: 'T0DEMO' }, user: this.user(), view: this.view, is_cleared: false });
    this.view = undefined;
    return reply;
  }

  /** Presses a button on a message in a channel or DM (`message` is the posted blocks). */
  async pressOnMessage(channel: string, ts: string, blocks: any[], actionId: string, value?: string) {
    const button = buttonsIn(blocks).find((b) => b.action_id === actionId);
    return interaction(this.slackUrl, {
      type: 'block_actions',
      team: { id: 'T0DEMO' },
      user: this.user(),
      trigger_id: nextTrigger(),
      container: { type: 'message', channel_id: channel, message_ts: ts },
      channel: { id: channel, name: 'safeguarding' },
      message: { ts, blocks },
      actions: [{ type: 'button', action_id: actionId, block_id: button?.block_id, value: value ?? button?.value, action_ts: `${Date.now() / 1000}` }],
    });
  }

  /** Opens the form a message button opens, as the modal this person now sees. */
  async openedForm(before: number) {
    await this.api.waitFor('views.open', before + 1);
    this.view = this.openedView(before);
    this.typed = {};
    return this.view;
  }
}
