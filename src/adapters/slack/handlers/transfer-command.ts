/**
 * `/report transfer <pupil> to <new school> [starting <date>]`, `/report transfer receipt TR-…` and
 * `/report export ES-…` in Slack: the answer is private (ephemeral), and the files go to the person's
 * own DM with the app (uploaded there, never to the channel the command was typed in). The pupil choice
 * and Receipt received are buttons on the private answer and on the reminder.
 */
import type { App, webApi } from '@slack/bolt';
import { z } from 'zod';
import { exportIncident } from '../../../core/casefile/export-incident';
import { INCIDENT_EXPORT_ACTION } from '../../../core/casefile/export-section';
import { openChildFile } from '../../../core/casefile/open-child-file';
import { type TransferRequest, transferChildFile } from '../../../core/casefile/transfer-child-file';
import { recordTransferReceipt } from '../../../core/casefile/transfer-receipt';
import { describeReceipt, describeTransferChoice, describeTransferReady, readTransferText, TRANSFER_ACTIONS, TRANSFER_USAGE } from '../../../core/casefile/transfer-view';
import { InvalidInputError } from '../../../core/errors';
import { explainError } from '../../../core/explain-error';
import type { Actor } from '../../../core/people/actor';
import { resolveSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { LIMITS, button, clip, escapeMrkdwn, section } from '../views/block-kit';
import type { KnownBlock, SlackMessage } from '../views/slack-types';
import { parseCaseActionToken } from '../views/incident-token';
import { parseTransferToken, transferMessage } from '../views/transfer-message';
import { noticeModal } from '../views/wizard-modal';
import { type ButtonBody, onButtons, tell } from './escalation-actions';

const textMessage = (text: string): SlackMessage => ({ text: clip(text, LIMITS.messageText), blocks: [section(escapeMrkdwn(text))] });

type Respond = (message: SlackMessage & { response_type?: 'ephemeral'; replace_original?: boolean }) => Promise<unknown>;

function problem(ctx: SlackContext, error: unknown, where: string): SlackMessage {
  const text = error instanceof InvalidInputError ? Object.values(error.fieldErrors).join(' ') : explainError(error, ctx.logger, where);
  return textMessage(`Nothing was sent: ${text}`);
}

async function toDm(client: webApi.WebClient, actor: Actor, files: Array<{ name: string; bytes: Buffer }>, comment: string): Promise<void> {
  const opened = await client.conversations.open({ users: actor.userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('no DM channel');
  await client.files.uploadV2({ channel_id: channel, initial_comment: comment, file_uploads: files.map((f) => ({ file: f.bytes, filename: f.name })) });
}

/** A choice among pupils: a button each, carrying the register id and what was typed (checked again when pressed). */
function choiceMessage(schoolId: string, matches: Parameters<typeof describeTransferChoice>[1], toSchool: string, startDate?: string): SlackMessage {
  const view = describeTransferChoice(schoolId, matches, toSchool, startDate);
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(view.title)}*`), section(escapeMrkdwn(`${view.lines.join(' ')} New school: ${toSchool}.`))];
  for (const c of (view.choices ?? []).slice(0, 20))
    blocks.push(section(escapeMrkdwn(c.label), button('Choose', TRANSFER_ACTIONS.choosePupil, JSON.stringify({ s: schoolId, p: c.ref, to: toSchool, d: startDate ?? '' }))));
  return { text: clip(view.title, LIMITS.messageText), blocks };
}

async function transferAndSend(ctx: SlackContext, client: webApi.WebClient, actor: Actor, request: TransferRequest): Promise<SlackMessage> {
  const outcome = await transferChildFile(ctx.deps, actor, request, openChildFile);
  if (outcome.kind === 'choose') return choiceMessage(resolveSchool(ctx.deps.pack, actor).id, outcome.matches, outcome.toSchool, outcome.startDate);
  const ready = describeTransferReady(outcome.transfer, outcome.fresh);
  await toDm(
    client,
    actor,
    [
      { name: outcome.names.pdf, bytes: Buffer.from(outcome.pdf) },
      { name: outcome.names.json, bytes: Buffer.from(outcome.json, 'utf8') },
    ],
    `${ready.title}. ${ready.lines[1]}`,
  );
  return transferMessage({ ...ready, lines: [...ready.lines, 'The PDF and the JSON copy are in your direct messages with me.'] });
}

/** Answers `/report transfer …` (after the ack) by `respond`, privately. */
export async function answerTransfer(ctx: SlackContext, client: webApi.WebClient, actor: Actor, text: string, respond: Respond): Promise<void> {
  const asked = readTransferText(text);
  let answer: SlackMessage;
  try {
    if (asked.kind === 'usage') answer = textMessage(TRANSFER_USAGE.join('\n'));
    else if (asked.kind === 'receipt') answer = transferMessage(describeReceipt(await recordTransferReceipt(ctx.deps, actor, { ref: asked.ref, receivedOn: asked.receivedOn })));
    else answer = await transferAndSend(ctx, client, actor, { pupilText: asked.pupilText, toSchool: asked.toSchool, startDate: asked.startDate });
  } catch (error) {
    answer = problem(ctx, error, 'slack.transfer');
  }
  await respond({ response_type: 'ephemeral', replace_original: true, ...answer }).catch((error) => explainError(error, ctx.logger, 'slack.transfer-respond'));
}

/** Answers `/report export ES-…` (after the ack): the PDF to the person's DM, the answer privately. */
export async function answerExport(ctx: SlackContext, client: webApi.WebClient, actor: Actor, text: string, respond: Respond): Promise<void> {
  let answer: SlackMessage;
  try {
    const made = await exportIncident(ctx.deps, actor, { reference: text });
    const words = 'This incident only; its pupils are named only by their part. Check the written accounts for names, then send it securely to the requesting officer only.';
    await toDm(client, actor, [{ name: made.fileName, bytes: Buffer.from(made.pdf) }], `${made.incident.reference}: the record as PDF. ${words}`);
    answer = textMessage(`${made.incident.reference}: the record as PDF is in your direct messages with me. ${words}`);
  } catch (error) {
    answer = problem(ctx, error, 'slack.export');
  }
  await respond({ response_type: 'ephemeral', replace_original: true, ...answer }).catch((error) => explainError(error, ctx.logger, 'slack.export-respond'));
}

const Choice = z.object({ s: z.string().min(1).max(100), p: z.string().min(1).max(200), to: z.string().max(500), d: z.string().max(40) });

async function press(ctx: SlackContext, client: webApi.WebClient, body: ButtonBody, actor: Actor): Promise<void> {
  const action = body.actions?.[0];
  if (action?.action_id === TRANSFER_ACTIONS.receipt) {
    const ref = parseTransferToken(action.value);
    if (!ref) return tell(client, body, 'Nothing was changed', "This button's details were not recognised.");
    const transfer = await recordTransferReceipt(ctx.deps, actor, ref);
    const channel = body.channel?.id ?? (await client.conversations.open({ users: actor.userId })).channel?.id;
    if (channel) await client.chat.postMessage({ channel, ...transferMessage(describeReceipt(transfer)) });
    return;
  }
  let choice: z.infer<typeof Choice> | undefined;
  try {
    choice = Choice.parse(JSON.parse(action?.value ?? ''));
  } catch {
    return tell(client, body, 'Nothing was sent', "This button's details were not recognised.");
  }
  const answer = await transferAndSend(ctx, client, actor, { pupilId: choice.p, toSchool: choice.to, startDate: choice.d || undefined });
  const channel = (await client.conversations.open({ users: actor.userId })).channel?.id;
  if (channel) await client.chat.postMessage({ channel, ...answer });
}

/** The full record's Export as PDF: the PDF to the lead's own DM; the word back on top of the record. */
async function pressExport(ctx: SlackContext, client: webApi.WebClient, body: ButtonBody, actor: Actor): Promise<void> {
  const ref = parseCaseActionToken(body.actions?.[0]?.value);
  const inModal = Boolean(body.view && body.view.type !== 'home');
  let title = 'Nothing was made';
  let line: string;
  if (!ref) line = "This button's details were not recognised.";
  else {
    try {
      const made = await exportIncident(ctx.deps, actor, ref);
      const words = 'This incident only; its pupils are named only by their part. Check the written accounts for names, then send it securely to the requesting officer only.';
      await toDm(client, actor, [{ name: made.fileName, bytes: Buffer.from(made.pdf) }], `${made.incident.reference}: the record as PDF. ${words}`);
      title = 'Exported';
      line = `${made.incident.reference}: the record as PDF is in your direct messages with me. ${words}`;
    } catch (error) {
      line = explainError(error, ctx.logger, 'slack.export-button');
    }
  }
  // Pressed inside the full record, the answer goes on top of it (a second modal cannot be opened there).
  if (inModal) await client.views.push({ trigger_id: body.trigger_id, view: noticeModal(title, [line], 'Online safety') });
  else await tell(client, body, title, line);
}

/** The transfer buttons: the pupil choice and Receipt received; and the full record's Export as PDF. */
export function registerTransferActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, Object.values(TRANSFER_ACTIONS), 'slack.transfer', (client, body, actor) => press(ctx, client, body, actor));
  onButtons(app, ctx, [INCIDENT_EXPORT_ACTION], 'slack.export', (client, body, actor) => pressExport(ctx, client, body, actor));
}
