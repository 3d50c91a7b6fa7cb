/**
 * A file sent to the bot in the 1:1 chat becomes evidence on the report its message names. Teams sends a
 * file as an attachment of type `application/vnd.microsoft.teams.file.download.info` (a short-lived,
 * pre-authorised SharePoint/OneDrive `downloadUrl` and its `fileType`), or a pasted picture as an
 * `image/*` attachment whose `contentUrl` needs the bot's own token. Core checks everything it can
 * before this fetches a byte; the fetch is capped and, with credentials on (production), goes only to
 * Microsoft's own hosts over https.
 *
 * A file sent without a reference is not kept, not even its download link: the bot lists the reports
 * the person may add to and asks them to send it again with one. Keeping the link until they chose would
 * mean holding a pre-authorised URL to a child's data in the store; sending again costs one drag.
 */
import type { TurnContext } from 'botbuilder';
import { type AddedEvidence, addEvidence, evidenceTargets, referenceIn } from '../../../core/casefile/add-evidence';
import { sizeWords } from '../../../core/casefile/evidence-record';
import { EVIDENCE_TYPES } from '../../../core/casefile/evidence-record';
import { DownloadRefusedError, DownloadTooLargeError, downloadCapped } from '../../../ports/file-store';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { checkTenant, schoolAmong } from '../teams-tenant';
import { plainWords } from './reply';

const FILE_INFO = 'application/vnd.microsoft.teams.file.download.info';
/** The most files taken from one message. */
const MAX_FILES = 5;

/** One file a Teams message carries, as Teams describes it (untrusted). */
export interface TeamsFile {
  name: string;
  url: string;
  fileType?: string;
  /** A pasted picture: fetched with the bot's token. */
  inline: boolean;
}

/** The files a message carries (file attachments, and pasted pictures), ignoring cards and HTML. */
export function teamsFiles(activity: TurnContext['activity']): TeamsFile[] {
  const found: TeamsFile[] = [];
  for (const a of activity.attachments ?? []) {
    const content = a.content as { downloadUrl?: unknown; fileType?: unknown } | undefined;
    if (a.contentType === FILE_INFO && typeof content?.downloadUrl === 'string') {
      found.push({ name: String(a.name ?? 'file'), url: content.downloadUrl, fileType: typeof content.fileType === 'string' ? content.fileType : undefined, inline: false });
    } else if (typeof a.contentType === 'string' && a.contentType.startsWith('image/') && typeof a.contentUrl === 'string') {
      const ext = EVIDENCE_TYPES.find((t) => t.contentType === a.contentType)?.names[0] ?? a.contentType.slice(6);
      found.push({ name: String(a.name ?? `pasted-picture.${ext}`), url: a.contentUrl, fileType: a.contentType, inline: true });
    }
  }
  return found;
}

/** True when a message carries a file for the bot. */
export function carriesFiles(context: TurnContext): boolean {
  return teamsFiles(context.activity).length > 0;
}

const SHAREPOINT = /(^|\.)(sharepoint\.com|sharepoint\.us|sharepoint-df\.com|onedrive\.com|1drv\.ms)$/i;
const TEAMS_SERVICE = /(^|\.)(asm\.skype\.com|trafficmanager\.net|teams\.microsoft\.com|botframework\.com)$/i;

/** With credentials on, files come only from Microsoft's hosts over https; locally (no credentials, loopback only) any http(s) host serves tests and the Playground. */
export function allowedTeamsUrl(url: URL, inline: boolean, production: boolean): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (!production) return true;
  return url.protocol === 'https:' && (inline ? TEAMS_SERVICE : SHAREPOINT).test(url.hostname);
}

/** The bytes of a `data:` URL picture (no fetch at all), refused past the cap before decoding. */
export function dataUrlBytes(url: string, maxBytes: number): Buffer {
  const match = /^data:image\/[a-z0-9.+-]+;base64,([A-Za-z0-9+/=\s]*)$/i.exec(url);
  if (!match) throw new DownloadRefusedError('not a base64 image data URL');
  const base64 = (match[1] ?? '').replace(/\s/g, '');
  if (Math.floor((base64.length * 3) / 4) > maxBytes + 2) throw new DownloadTooLargeError('data URL over the cap');
  return Buffer.from(base64, 'base64');
}

/** The bot's own token for a pasted picture's URL (none when running locally without credentials). */
async function botToken(context: TurnContext): Promise<string | undefined> {
  const key = (context.adapter as { ConnectorClientKey?: symbol }).ConnectorClientKey;
  const client = key ? (context.turnState.get(key) as { credentials?: { getToken?: () => Promise<string> } } | undefined) : undefined;
  return client?.credentials?.getToken?.().catch(() => undefined);
}

function addedWords(added: AddedEvidence): string {
  const r = added.record;
  const type = EVIDENCE_TYPES.find((t) => t.contentType === r.contentType)?.label ?? r.contentType;
  return `${added.already ? 'Already added' : 'Added'} to ${added.reference}: ${r.fileName} (${type}, ${sizeWords(r.size)}, SHA-256 ${r.sha256.slice(0, 12)}…). Only the people who may read the full record can open it.`;
}

/** Handles a message that carries files: each is added to the report its text names, or refused in plain words. */
export async function handleEvidenceUpload(ctx: TeamsContext, context: TurnContext): Promise<void> {
  const activity = context.activity;
  if (!isPersonal(activity)) {
    await context.sendActivity('Please send evidence to me in our 1:1 chat, never in a channel or group chat. Nothing was kept.');
    return;
  }
  const actor = teamsActor(activity);
  const school = schoolAmong(ctx.deps.pack, checkTenant(ctx.deps.pack, activity), actor);
  const reference = referenceIn(activity.text);
  if (!reference) {
    const targets = await evidenceTargets(ctx.deps, actor, school.id);
    const list = targets.map((t) => `- ${t.reference}: ${t.title}`).join('\n');
    await context.sendActivity(
      targets.length
        ? `Which report is this for? I have not kept the file. Send it to me again with the report's reference in the message, for example "${targets[0]?.reference}". Reports you can add to:\n\n${list}`
        : 'I have not kept the file: you have no open report that takes files. Files go with a report, sent here with its reference (such as ES-2026-0003) in the message.',
    );
    return;
  }
  const production = Boolean(ctx.appId);
  const files = teamsFiles(activity).slice(0, MAX_FILES);
  const answers: string[] = [];
  for (const [index, file] of files.entries()) {
    try {
      const added = await addEvidence(
        ctx.deps,
        actor,
        { schoolId: school.id, reference, fileName: file.name, claimedType: file.fileType, source: 'teams', sourceId: `${activity.id ?? ''}:${index}` },
        async (maxBytes) => {
          if (file.url.startsWith('data:')) return dataUrlBytes(file.url, maxBytes);
          const token = file.inline ? await botToken(context) : undefined;
          return downloadCapped(file.url, {
            maxBytes,
            allowUrl: (url) => allowedTeamsUrl(url, file.inline, production),
            headers: token ? { authorization: `Bearer ${token}` } : undefined,
            headersFor: (url) => TEAMS_SERVICE.test(url.hostname),
          });
        },
      );
      answers.push(addedWords(added));
    } catch (error) {
      answers.push(`${files.length > 1 ? `File ${index + 1}: ` : ''}${plainWords(error, ctx.logger, 'evidence-upload')}`);
    }
  }
  if (teamsFiles(activity).length > MAX_FILES) answers.push(`Only the first ${MAX_FILES} files of a message are taken; send the others in another message.`);
  await context.sendActivity(answers.join('\n\n'));
}
