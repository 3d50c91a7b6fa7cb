/**
 * A child's file as a private Slack modal: who the child is, the incidents naming them (each with a
 * "Full record" button), and one page of entries newest first with "Older entries". Slack allows 100
 * blocks a modal, so a page holds what fits; the pupil choice (several matches) is a modal of buttons.
 * Buttons carry only `schoolId/ref` (the pupil id, or `page:pupilId`).
 */
import type { ChildFile } from '../../../core/casefile/child-file';
import { CHILD_FILE_ACTIONS, type PupilChoiceView, describeChildFile } from '../../../core/casefile/child-file-view';
import { LIMITS, button, context, divider, escapeMrkdwn, header, plain, section, verbatimSection } from './block-kit';
import { incidentToken, parseCaseActionToken } from './incident-token';
import type { KnownBlock, ModalView } from './slack-types';

/** The callback id of the child's-file and pupil-choice modals (a button pressed in one redraws it in place). */
export const CHILD_FILE_CALLBACK = 'child-file';

/** Blocks kept for the top, the headings, the page line and the Older entries button. */
const FIXED_BLOCKS = 8;
/** Incidents listed at most in one modal (each is a block with its button). */
const MAX_INCIDENTS = 40;

/** A child's-file button's value: `schoolId/ref` (the ref may hold `:`, never `/`). */
export function fileToken(schoolId: string, ref: string): string {
  return `${schoolId}/${ref}`;
}

/**
 * Reads a child's-file button's value: `schoolId/ref` from the file and the choice, or the full record's
 * `schoolId/incidentId/pupilId` (its pupils section); undefined when it is neither.
 */
export function parseFileToken(value: unknown): { schoolId: string; ref: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^([a-z0-9-]{1,60})\/([A-Za-z0-9:_-]{1,120})$/.exec(value);
  if (m) return { schoolId: m[1] as string, ref: m[2] as string };
  const fromRecord = parseCaseActionToken(value);
  return fromRecord?.ref ? { schoolId: fromRecord.schoolId, ref: fromRecord.ref } : undefined;
}

function modal(blocks: KnownBlock[]): ModalView {
  return { type: 'modal', callback_id: CHILD_FILE_CALLBACK, title: plain("Child's file", LIMITS.viewTitle), close: plain('Close', LIMITS.viewButton), blocks: blocks.slice(0, LIMITS.modalBlocks) };
}

/** Page `page` (1 = newest) of the child's file, as many entries as one modal holds. */
export function childFileModal(file: ChildFile, page = 1): ModalView {
  const incidents = Math.min(file.incidents.length, MAX_INCIDENTS);
  const pageSize = Math.max(1, LIMITS.modalBlocks - FIXED_BLOCKS - incidents - (file.incidents.length > MAX_INCIDENTS ? 1 : 0));
  const view = describeChildFile(file, page, pageSize);
  const blocks: KnownBlock[] = [
    context(`:lock: ${escapeMrkdwn(view.confidentialLine)}`),
    header(view.title),
    { type: 'section', fields: view.facts.map((f) => ({ type: 'mrkdwn', text: `*${escapeMrkdwn(f.title)}*\n${escapeMrkdwn(f.value)}`, verbatim: true })) },
    divider(),
    section(`*${escapeMrkdwn(view.incidentsHeading)}*`),
    ...(view.incidents.length ? [] : [context(escapeMrkdwn(view.noIncidentsLine))]),
    ...view.incidents.slice(0, MAX_INCIDENTS).map((i) => ({
      ...verbatimSection(escapeMrkdwn(i.line)),
      accessory: button(view.labels.fullRecord, 'full-record', incidentToken({ schoolId: view.schoolId, incidentId: i.incidentId })),
    })),
    ...(file.incidents.length > MAX_INCIDENTS ? [context(`And ${file.incidents.length - MAX_INCIDENTS} more: each is in the chronology below.`)] : []),
    section(`*${escapeMrkdwn(view.entriesHeading)}*`),
    context(escapeMrkdwn(view.pageLine)),
    ...view.entries.map((e) => verbatimSection(`*${escapeMrkdwn(e.heading)}*${e.detail ? `\n${escapeMrkdwn(e.detail)}` : ''}`)),
    ...(view.olderPage ? [{ type: 'actions', elements: [button(view.labels.older, CHILD_FILE_ACTIONS.older, fileToken(view.schoolId, `${view.olderPage}:${view.pupilId}`))] } as KnownBlock] : []),
  ];
  return modal(blocks);
}

/** Several pupils match: one button per child (name, year, class). */
export function pupilChoiceModal(view: PupilChoiceView): ModalView {
  return modal([
    header(view.title),
    ...view.lines.map((l) => context(escapeMrkdwn(l))),
    ...view.choices.map((c) => ({ ...verbatimSection(escapeMrkdwn(c.label)), accessory: button('Open file', CHILD_FILE_ACTIONS.open, fileToken(view.schoolId, c.pupilId)) })),
  ]);
}
