/**
 * `transfer <pupil> to <new school> [starting <date>]` and `transfer receipt <TR-…> [date]` in the DSL's
 * 1:1 chat, the pupil choice and the Receipt received button, and the files: Teams lets a bot send a
 * file in a personal chat only after the person accepts it (a file consent card); on accept the file is
 * made again from what was logged (its SHA-256 checked) and uploaded to the URL Teams gives. Never in a
 * channel or group chat: the files and the card name the child.
 */
import { ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { exportIncident } from '../../../core/casefile/export-incident';
import { openChildFile } from '../../../core/casefile/open-child-file';
import { readTransferFiles, transferChildFile } from '../../../core/casefile/transfer-child-file';
import { recordTransferReceipt } from '../../../core/casefile/transfer-receipt';
import { issueIncidentExportLink, issueTransferFileLink } from '../../../core/casefile/open-evidence';
import type { Transfer } from '../../../core/casefile/transfer-record';
import {
  describeReceipt,
  describeTransferChoice,
  describeTransferLink,
  describeTransferReady,
  readTransferText,
  TRANSFER_LINK_ACTION,
  TRANSFER_USAGE,
  type TransferView,
} from '../../../core/casefile/transfer-view';
import type { Command } from '../../../core/commands/parse-command';
import { InvalidInputError } from '../../../core/errors';
import { resolveSchool } from '../../../core/people/resolve-school';
import type { Actor } from '../../../core/people/actor';
import { noticeCardData } from '../cards/card-data';
import { cardAttachment, renderCard } from '../cards/render-card';
import { transferCardData } from '../cards/transfer-data';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { plainWords } from './reply';

const notice = (title: string, lines: string[]) => MessageFactory.attachment(cardAttachment(renderCard('notice', noticeCardData(title, lines))));
const transferCard = (view: TransferView) => renderCard('transfer', transferCardData(view)) as { type: 'AdaptiveCard' };

/** Words for a refusal or a bad answer: each field's own words when there are some. */
function problemLines(ctx: TeamsContext, error: unknown, where: string): string[] {
  if (error instanceof InvalidInputError) return Object.values(error.fieldErrors);
  return [plainWords(error, ctx.logger, where)];
}

type FileContext = { schoolId: string; transferId: string; file: 'pdf' | 'json' } | { schoolId: string; incidentId: string; file: 'incident' };

const FILE_WORDS: Record<FileContext['file'], string> = {
  pdf: "The child's file as PDF, to send to the new school's DSL securely.",
  json: "The same file as JSON, for the new school's system.",
  incident: "The incident's record as PDF, for the police or the LADO: send it securely to the requesting officer only.",
};

function consentCard(name: string, size: number, context: FileContext) {
  return {
    contentType: 'application/vnd.microsoft.teams.card.file.consent',
    name,
    content: {
      description: FILE_WORDS[context.file],
      sizeInBytes: size,
      acceptContext: context,
      declineContext: context,
    },
  };
}

async function transferAndSend(ctx: TeamsContext, context: TurnContext, actor: Actor, request: Parameters<typeof transferChildFile>[2]): Promise<{ type: 'AdaptiveCard' }> {
  const outcome = await transferChildFile(ctx.deps, actor, request, openChildFile);
  if (outcome.kind === 'choose') return transferCard(describeTransferChoice(resolveSchool(ctx.deps.pack, actor).id, outcome.matches, outcome.toSchool, outcome.startDate));
  const ids = { schoolId: outcome.transfer.schoolId, transferId: outcome.transfer.id };
  await context.sendActivity({
    type: ActivityTypes.Message,
    attachments: [consentCard(outcome.names.pdf, outcome.pdf.byteLength, { ...ids, file: 'pdf' }), consentCard(outcome.names.json, Buffer.byteLength(outcome.json), { ...ids, file: 'json' })],
  });
  return transferCard(describeTransferReady(outcome.transfer, outcome.fresh));
}

/** Answers a typed `transfer …`, only in a 1:1 chat. */
export async function handleTransfer(ctx: TeamsContext, context: TurnContext, command: Extract<Command, { name: 'transfer' }>): Promise<void> {
  if (!isPersonal(context.activity)) {
    await context.sendActivity(notice('Please ask me in a 1:1 chat', ["A child's file names the child, so I only make and send it in a private chat."]));
    return;
  }
  const actor = teamsActor(context.activity);
  const asked = readTransferText(command.text);
  try {
    if (asked.kind === 'usage') {
      await context.sendActivity(notice('Which pupil, and which school?', TRANSFER_USAGE));
      return;
    }
    if (asked.kind === 'receipt') {
      const transfer = await recordTransferReceipt(ctx.deps, actor, { ref: asked.ref, receivedOn: asked.receivedOn });
      await context.sendActivity(MessageFactory.attachment(cardAttachment(transferCard(describeReceipt(transfer)))));
      return;
    }
    const card = await transferAndSend(ctx, context, actor, { pupilText: asked.pupilText, toSchool: asked.toSchool, startDate: asked.startDate });
    await context.sendActivity(MessageFactory.attachment(cardAttachment(card)));
  } catch (error) {
    await context.sendActivity(notice('Nothing was sent', problemLines(ctx, error, 'transfer')));
  }
}

const ButtonData = z.object({
  schoolId: z.string().min(1).max(100),
  ref: z.string().min(1).max(200),
  file: z.enum(['pdf', 'json']).optional(),
  toSchool: z.string().max(500).optional(),
  startDate: z.string().max(40).optional(),
  receivedOn: z.string().max(40).optional(),
});

/** The pupil choice and the Receipt received button. */
export async function handleTransferAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>) {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = ButtonData.safeParse(data);
  if (!parsed.success) return "This card's details were not recognised, so nothing was changed.";
  if (!isPersonal(context.activity)) return "A child's file is only handled in a private chat with me.";
  const actor = teamsActor(context.activity);
  try {
    if (verb === TRANSFER_LINK_ACTION) {
      const link = await issueTransferFileLink(ctx.deps, actor, { schoolId: parsed.data.schoolId, transferId: parsed.data.ref, file: parsed.data.file ?? 'pdf' });
      const transfer = await ctx.deps.store.get<Transfer>('transfers', parsed.data.schoolId, parsed.data.ref);
      return transferCard(describeTransferLink({ schoolId: parsed.data.schoolId, ref: transfer?.ref ?? '' }, parsed.data.file ?? 'pdf', link.url, link.minutes));
    }
    if (verb === 'transfer-receipt')
      return transferCard(
        describeReceipt(await recordTransferReceipt(ctx.deps, actor, { schoolId: parsed.data.schoolId, transferId: parsed.data.ref, receivedOn: parsed.data.receivedOn || undefined })),
      );
    return await transferAndSend(ctx, context, actor, { pupilId: parsed.data.ref, toSchool: parsed.data.toSchool ?? '', startDate: parsed.data.startDate || undefined });
  } catch (error) {
    return renderCard('notice', noticeCardData('Nothing was sent', problemLines(ctx, error, `transfer.${verb}`))) as { type: 'AdaptiveCard' };
  }
}

const Consent = z.object({
  action: z.enum(['accept', 'decline']),
  context: z.union([
    z.object({ schoolId: z.string().min(1).max(100), transferId: z.string().min(1).max(200), file: z.enum(['pdf', 'json']) }),
    z.object({ schoolId: z.string().min(1).max(100), incidentId: z.string().min(1).max(200), file: z.literal('incident') }),
  ]),
  uploadInfo: z
    .object({ name: z.string().max(300), uploadUrl: z.string().url().max(4000), contentUrl: z.string().max(4000), uniqueId: z.string().max(300).optional(), fileType: z.string().max(20).optional() })
    .optional(),
});

/** The accepted file's bytes, made again (and audited again) for the person who accepted it. */
async function fileBytes(ctx: TeamsContext, actor: Actor, ids: FileContext): Promise<Buffer> {
  if (ids.file === 'incident') return Buffer.from((await exportIncident(ctx.deps, actor, ids)).pdf);
  const files = await readTransferFiles(ctx.deps, actor, ids);
  return ids.file === 'pdf' ? Buffer.from(files.pdf) : Buffer.from(files.json, 'utf8');
}

/** Answers a typed `export ES-2026-0003` (the incident's leads), only in a 1:1 chat: the PDF by file consent card. */
export async function handleExport(ctx: TeamsContext, context: TurnContext, command: Extract<Command, { name: 'export' }>): Promise<void> {
  if (!isPersonal(context.activity)) {
    await context.sendActivity(notice('Please ask me in a 1:1 chat', ["An incident's record is only made and sent in a private chat."]));
    return;
  }
  try {
    const made = await exportIncident(ctx.deps, teamsActor(context.activity), { reference: command.text });
    await context.sendActivity(
      notice(`${made.incident.reference}: the record as PDF`, [
        'This incident only; its pupils are named only by their part. Check the written accounts for names, then send it securely to the requesting officer only.',
      ]),
    );
    await context.sendActivity({
      type: ActivityTypes.Message,
      attachments: [consentCard(made.fileName, made.pdf.byteLength, { schoolId: made.incident.schoolId, incidentId: made.incident.id, file: 'incident' })],
    });
  } catch (error) {
    await context.sendActivity(notice('Nothing was made', problemLines(ctx, error, 'export')));
  }
}

const ExportButton = z.object({ schoolId: z.string().min(1).max(100), incidentId: z.string().min(1).max(200) });

/**
 * The full record's Export as PDF (the incident's leads), only in a 1:1 chat: the PDF by file consent
 * card, and beside it a one-time download link for a chat that cannot take files (the Agents Playground).
 */
export async function handleExportAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>) {
  const parsed = ExportButton.safeParse(data);
  if (!parsed.success) return "This card's details were not recognised, so nothing was made.";
  if (!isPersonal(context.activity)) return "An incident's record is only made and sent in a private chat with me.";
  try {
    const { made, url, minutes } = await issueIncidentExportLink(ctx.deps, teamsActor(context.activity), parsed.data);
    await context.sendActivity({
      type: ActivityTypes.Message,
      attachments: [consentCard(made.fileName, made.pdf.byteLength, { schoolId: made.incident.schoolId, incidentId: made.incident.id, file: 'incident' })],
    });
    return transferCard({
      title: `${made.incident.reference}: the record as PDF`,
      lines: [
        'This incident only; its pupils are named only by their part. Check the written accounts for names, then send it securely to the requesting officer only.',
        `Accept the file card to save it to your OneDrive, or use the link: it downloads the PDF once, within the next ${minutes} minutes, and the download is recorded.`,
      ],
      schoolId: made.incident.schoolId,
      link: { url, label: 'Download the PDF' },
    });
  } catch (error) {
    return renderCard('notice', noticeCardData('Nothing was made', problemLines(ctx, error, 'export.button'))) as { type: 'AdaptiveCard' };
  }
}

/** True for Teams's answer to a file consent card. */
export function isFileConsent(context: TurnContext): boolean {
  return context.activity.type === ActivityTypes.Invoke && context.activity.name === 'fileConsent/invoke';
}

/** Teams gives an https upload address; plain http only to this machine (tests, local tools). */
function safeUploadUrl(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
}

/** The DSL accepted (or declined) a file: upload it, then show it in the chat. */
export async function handleFileConsent(ctx: TeamsContext, context: TurnContext): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
  const parsed = Consent.safeParse(context.activity.value);
  if (!parsed.success || (parsed.data.action === 'accept' && (!parsed.data.uploadInfo || !safeUploadUrl(parsed.data.uploadInfo.uploadUrl)))) {
    ctx.logger.warn('teams.file-consent-bad', {});
    await context.sendActivity(notice('Nothing was sent', ['That answer to the file card was not recognised.']));
    return;
  }
  const { action, context: ids, uploadInfo } = parsed.data;
  if (action === 'decline' || !uploadInfo) {
    await context.sendActivity(notice('Not sent', ['You declined the file, so it was not saved. Type transfer again to have it offered again.']));
    return;
  }
  if (!isPersonal(context.activity)) return;
  try {
    const body = await fileBytes(ctx, teamsActor(context.activity), ids);
    const res = await fetch(uploadInfo.uploadUrl, { method: 'PUT', headers: { 'content-length': String(body.length), 'content-range': `bytes 0-${body.length - 1}/${body.length}` }, body });
    if (!res.ok) throw new Error(`upload ${res.status}`);
    await context.sendActivity({
      type: ActivityTypes.Message,
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.card.file.info',
          contentUrl: uploadInfo.contentUrl,
          name: uploadInfo.name,
          content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType },
        },
      ],
    });
  } catch (error) {
    ctx.logger.warn('teams.file-upload-failed', { error: (error as Error).name });
    await context.sendActivity(notice('Nothing was sent', [...problemLines(ctx, error, 'transfer.file'), 'The file was not saved to your OneDrive. Type transfer again to have it offered again.']));
  }
}
