/**
 * A monitoring alert card as a Slack message: the heading, @mentions for a severe alert out of hours,
 * and one row per alert (category and severity, time, device or user reference; never content) with
 * its three buttons, or what was decided. Buttons carry only the school and the alert's opaque id.
 */
import { ALERT_ACTIONS, ALERT_ACTION_LABELS, type AlertCardView } from '../../../core/monitoring/alert-card-view';
import { LIMITS, button, clip, context, escapeMrkdwn, section } from './block-kit';
import type { KnownCase } from '../../../core/monitoring/known-cases';
import type { KnownBlock, ModalView, SlackMessage } from './slack-types';
import { plain } from './block-kit';

/** The prefix of the reason / case forms' callback id; the action follows it. */
export const ALERT_FORM_PREFIX = 'alert-form:';

/** A button's value: `<school>/<alert id>`. */
export function alertToken(schoolId: string, alertRef: string): string {
  return `${schoolId}/${alertRef}`;
}

/** Reads a button's or form's token; undefined when it is not one. */
export function parseAlertToken(token: unknown): { schoolId: string; alertRef: string } | undefined {
  if (typeof token !== 'string' || token.length > 300) return undefined;
  const match = /^([a-z0-9-]{1,100})\/(alert:[A-Za-z0-9_.:@#/-]{1,100})$/.exec(token);
  return match ? { schoolId: match[1] as string, alertRef: match[2] as string } : undefined;
}

/** The card as a message; `mentions` are Slack user ids to @mention. */
export function alertMessage(view: AlertCardView, schoolId: string, mentions: string[] = []): SlackMessage {
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(view.title)}*`)];
  if (mentions.length) blocks.push(section(mentions.map((id) => `<@${id}>`).join(' ')));
  blocks.push(context(escapeMrkdwn(view.lines.join(' '))));
  for (const row of view.rows) {
    blocks.push(section(`*${escapeMrkdwn(row.heading)}*\nTime: ${escapeMrkdwn(row.time)}\nDevice or user: ${escapeMrkdwn(row.reference)}${row.outcome ? `\n${escapeMrkdwn(row.outcome)}` : ''}`));
    if (!row.outcome) {
      const value = alertToken(schoolId, row.alertRef);
      blocks.push({
        type: 'actions',
        block_id: `alert:${row.alertRef}`.slice(0, 255),
        elements: [
          button(ALERT_ACTION_LABELS[ALERT_ACTIONS.openCase], ALERT_ACTIONS.openCase, value, 'primary'),
          button(ALERT_ACTION_LABELS[ALERT_ACTIONS.notAConcern], ALERT_ACTIONS.notAConcern, value),
          button(ALERT_ACTION_LABELS[ALERT_ACTIONS.alreadyKnown], ALERT_ACTIONS.alreadyKnown, value),
        ],
      });
    }
  }
  if (view.more) blocks.push(context(`And ${view.more} more: they come back on the next reminder.`));
  return { text: clip(view.title, LIMITS.messageText), blocks };
}

/**
 * The form "Not a concern" (a reason) or "Already known" opens: for "Already known", a choice of the
 * school's open cases (at most 100, Slack's limit) and, for an older case not listed, its reference typed.
 */
export function alertFormModal(action: typeof ALERT_ACTIONS.notAConcern | typeof ALERT_ACTIONS.alreadyKnown, token: string, heading: string, known: KnownCase[] = []): ModalView {
  const reason = action === ALERT_ACTIONS.notAConcern;
  const cases = known.slice(0, 100).map((c) => ({ text: plain(clip(c.label, LIMITS.optionText), LIMITS.optionText), value: c.id }));
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(heading)}*`)];
  if (reason) {
    blocks.push({ type: 'input', block_id: 'reason', label: plain('Why is this not a concern?', 2000), element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 } });
  } else {
    if (cases.length)
      blocks.push({
        type: 'input',
        block_id: 'caseId',
        optional: true,
        label: plain('The case it is known under', 2000),
        element: { type: 'static_select', action_id: 'value', placeholder: plain('Choose an open case', LIMITS.optionText), options: cases },
      });
    blocks.push({
      type: 'input',
      block_id: 'caseReference',
      optional: cases.length > 0,
      label: plain(cases.length ? 'Or type the reference of a case not listed (e.g. ES-2026-0003)' : 'The case it is known under (e.g. ES-2026-0003)', 2000),
      element: { type: 'plain_text_input', action_id: 'value', max_length: 30 },
    });
  }
  return {
    type: 'modal',
    callback_id: `${ALERT_FORM_PREFIX}${action}`,
    private_metadata: token,
    title: plain(ALERT_ACTION_LABELS[action], LIMITS.viewTitle),
    submit: plain('Save', LIMITS.viewButton),
    close: plain('Cancel', LIMITS.viewButton),
    blocks,
  };
}
