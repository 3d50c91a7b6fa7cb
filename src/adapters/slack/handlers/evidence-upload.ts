/**
 * A file shared in the app's DM (a `message` event with subtype `file_share`) becomes evidence on the
 * report its text names. Slack gives the file's id; `files.info` (with the bot token) says its name, type
 * and size, which core checks before anything is fetched. The bytes come from `url_private_download`,
 * which must be on files.slack.com over https, fetched with the bot token through the Web API client's
 * own base (so a test's fake Slack serves them), with a byte cap while streaming. A file shared anywhere
 * but the DM, or without a reference, is not taken.
 */
import type { App, webApi } from '@slack/bolt';
import { type AddedEvidence, addEvidence, evidenceTargets, referenceIn } from '../../../core/casefile/add-evidence';
import { EVIDENCE_TYPES, sizeWords } from '../../../core/casefile/evidence-record';
import { explainError } from '../../../core/explain-error';
import { resolveSchool } from '../../../core/people/resolve-school';
import { downloadCapped } from '../../../ports/file-store';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { escapeText } from '../views/block-kit';

/** The Slack events this handler needs (the manifest subscribes to exactly these). */
export const EVIDENCE_EVENTS = ['message.im'] as const;

const MAX_FILES = 5;
const SLACK_FILES_HOST = 'files.slack.com';

interface FileShare {
  subtype?: string;
  channel_type?: string;
  channel: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  files?: Array<{ id?: string }>;
}

interface SlackFile {
  id: string;
  name?: string;
  filetype?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
}

/** Where the bytes are fetched: files.slack.com itself, or (a test's fake Slack) the Web API's own host. */
export function slackDownloadUrl(urlPrivateDownload: string, apiBase: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(urlPrivateDownload);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.hostname !== SLACK_FILES_HOST) return undefined;
  const api = new URL(apiBase);
  if (api.hostname === 'slack.com') return url;
  return new URL(`${url.pathname}${url.search}`, api.origin);
}

function addedWords(added: AddedEvidence): string {
  const r = added.record;
  const type = EVIDENCE_TYPES.find((t) => t.contentType === r.contentType)?.label ?? r.contentType;
  return `${added.already ? 'Already added' : 'Added'} to ${added.reference}: ${r.fileName} (${type}, ${sizeWords(r.size)}, SHA-256 ${r.sha256.slice(0, 12)}…). Only the people who may read the full record can open it.`;
}

async function takeFiles(ctx: SlackContext, client: webApi.WebClient, event: FileShare): Promise<string> {
  // The pack's name for a role holder; anyone else as Slack names them (the record says who added a file).
  const who = await client.users.info({ user: String(event.user) }).catch(() => undefined);
  const actor = slackActor(ctx.deps.pack, String(event.user), who?.user?.real_name || who?.user?.name);
  const school = resolveSchool(ctx.deps.pack, actor);
  const reference = referenceIn(event.text);
  if (!reference) {
    const targets = await evidenceTargets(ctx.deps, actor, school.id);
    return targets.length
      ? `Which report is this for? I have not kept the file. Share it with me again with the report's reference in the message, for example "${targets[0]?.reference}". Reports you can add to:\n${targets.map((t) => `• ${t.reference}: ${t.title}`).join('\n')}`
      : 'I have not kept the file: you have no open report that takes files. Files go with a report, shared here with its reference (such as ES-2026-0003) in the message.';
  }
  const ids = (event.files ?? []).map((f) => f.id).filter((id): id is string => typeof id === 'string' && /^F[A-Z0-9]{2,30}$/.test(id));
  const answers: string[] = [];
  for (const [index, id] of ids.slice(0, MAX_FILES).entries()) {
    const prefix = ids.length > 1 ? `File ${index + 1}: ` : '';
    try {
      const info = (await client.files.info({ file: id })).file as SlackFile | undefined;
      if (!info) throw new Error('files.info gave no file');
      const added = await addEvidence(
        ctx.deps,
        actor,
        { schoolId: school.id, reference, fileName: info.name ?? 'file', claimedType: info.filetype, claimedSize: info.size, source: 'slack', sourceId: id },
        async (maxBytes) => {
          const url = slackDownloadUrl(info.url_private_download ?? '', client.slackApiUrl);
          if (!url) throw Object.assign(new Error('not a Slack file URL'), { code: 'download-refused' });
          const allowed = url.origin;
          return downloadCapped(url.toString(), { maxBytes, allowUrl: (u) => u.origin === allowed, headers: { authorization: `Bearer ${client.token}` } });
        },
      );
      answers.push(prefix + addedWords(added));
    } catch (error) {
      answers.push(prefix + explainError(error, ctx.logger, 'slack.evidence-upload'));
    }
  }
  if (ids.length > MAX_FILES) answers.push(`Only the first ${MAX_FILES} files of a message are taken; share the others in another message.`);
  return answers.join('\n\n') || 'That message carried no file I could read. Nothing was kept.';
}

/** Files shared with the app in its DM. */
export function registerEvidenceUpload(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, client }) => {
    const e = event as unknown as FileShare;
    if (e.subtype !== 'file_share' || e.bot_id || !e.user) return;
    const text = e.channel_type === 'im' ? await takeFiles(ctx, client, e) : 'Please share evidence with me in our direct messages, never in a channel. Nothing was kept.';
    await client.chat.postMessage({ channel: e.channel_type === 'im' ? e.channel : e.user, text: escapeText(text) });
  });
}
