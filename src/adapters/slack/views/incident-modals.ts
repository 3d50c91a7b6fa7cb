/**
 * Modals for the escalation actions that need words (assign, note, refer, decision not to refer, close)
 * and the full record. A form's `private_metadata` is the incident's opaque token; its callback id names
 * the action, so the submission is checked against the same action ids as the buttons.
 */
import { ESCALATION_LABELS, type EscalationAction } from '../../../core/incidents/escalation-actions';
import type { EscalationView } from '../../../core/incidents/escalation-view';
import type { FullRecordView } from '../../../core/incidents/full-record-view';
import { ACTION_FORM_WORDS as W } from '../../../core/incidents/incident-words';
import { MAX_TEXT } from '../../../core/incidents/act-on-incident';
import type { CaseSection } from '../../../core/casefile/record-sections';
import { LIMITS, button, context, divider, escapeMrkdwn, header, longText, plain, section, verbatimSection } from './block-kit';
import { caseActionToken, incidentToken } from './incident-token';
import type { InputBlock, KnownBlock, ModalView } from './slack-types';

/** Callback ids of the action forms: `incident-form:<action>`. */
export const FORM_PREFIX = 'incident-form:';
export const FORM_ACTIONS = ['assign', 'add-note', 'refer', 'no-referral', 'close'] as const satisfies readonly EscalationAction[];
export type FormAction = (typeof FORM_ACTIONS)[number];
export const VALUE = 'value';

function textInput(blockId: string, label: string, optional = false): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, LIMITS.inputLabel),
    optional,
    element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: MAX_TEXT },
  };
}

function select(blockId: string, label: string, options: Array<{ value: string; label: string }>): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, LIMITS.inputLabel),
    element: {
      type: 'static_select',
      action_id: VALUE,
      placeholder: plain('Choose', LIMITS.optionText),
      options: options.slice(0, 100).map((o) => ({ text: plain(o.label, LIMITS.optionText), value: o.value.slice(0, 150) })),
    },
  };
}

const SUBMIT: Record<FormAction, string> = {
  assign: ESCALATION_LABELS.assign,
  'add-note': W.noteButton,
  refer: W.referButton,
  'no-referral': W.reasonButton,
  close: W.outcomeButton,
};

function inputs(action: FormAction, view: EscalationView): InputBlock[] {
  switch (action) {
    case 'assign':
      return [select('assignee', W.assigneeLabel, view.assignees)];
    case 'add-note':
      return [textInput('note', W.noteLabel)];
    case 'refer':
      return [select('agency', W.agencyLabel, view.agencies), textInput('note', W.referralNoteLabel, true)];
    case 'no-referral':
      return [textInput('reason', W.reasonLabel)];
    case 'close':
      return [textInput('outcome', W.outcomeLabel)];
  }
}

export function actionFormModal(action: FormAction, view: EscalationView): ModalView {
  return {
    type: 'modal',
    callback_id: `${FORM_PREFIX}${action}`,
    private_metadata: incidentToken(view),
    title: plain(ESCALATION_LABELS[action], LIMITS.viewTitle),
    submit: plain(SUBMIT[action], LIMITS.viewButton),
    close: plain('Cancel', LIMITS.viewButton),
    blocks: [verbatimSection(`*${escapeMrkdwn(view.reference)}*: ${escapeMrkdwn(view.title)}\n${escapeMrkdwn(view.status)}`), ...inputs(action, view)],
  };
}

/** Room kept for the headings and the "not shown" line when a record is too long for one modal. */
const RESERVED_BLOCKS = 4;

/** The full record in one modal. Slack allows 100 blocks: the oldest chronology entries give way first, and it says so. */
/** A case-file section (pupils, decisions, sharing, evidence): its lines, then its buttons (at most 25 per actions block). */
function caseSectionBlocks(view: FullRecordView, part: CaseSection): KnownBlock[] {
  const lines = part.lines.map((l) => verbatimSection(`${escapeMrkdwn(l.text)}${l.detail ? `\n_${escapeMrkdwn(l.detail)}_` : ''}`));
  const empty = part.lines.length || !part.emptyLine ? [] : [context(escapeMrkdwn(part.emptyLine))];
  // Slack refuses two buttons with one action_id in a block, and more than 25 in one: a new block then.
  const rows: Array<{ ids: Set<string>; elements: ReturnType<typeof button>[] }> = [];
  for (const a of part.actions) {
    let row = rows[rows.length - 1];
    if (!row || row.ids.has(a.action) || row.elements.length === 25) {
      row = { ids: new Set(), elements: [] };
      rows.push(row);
    }
    row.ids.add(a.action);
    row.elements.push(button(a.label, a.action, caseActionToken({ schoolId: view.schoolId, incidentId: view.incidentId, ref: a.ref })));
  }
  return [divider(), section(`*${escapeMrkdwn(part.heading)}*`), ...lines, ...empty, ...rows.map((r) => ({ type: 'actions', elements: r.elements }) as KnownBlock)];
}

export function fullRecordModal(view: FullRecordView, sections: CaseSection[] = []): ModalView {
  const top: KnownBlock[] = [context(`:lock: ${escapeMrkdwn(view.confidentialLine)}`), header(view.title)];
  for (let i = 0; i < view.summary.length; i += 10) {
    top.push({ type: 'section', fields: view.summary.slice(i, i + 10).map((f) => ({ type: 'mrkdwn', text: `*${escapeMrkdwn(f.title)}*\n${escapeMrkdwn(f.value)}`, verbatim: true })) });
  }
  // Names, notes, reasons and outcomes are what people typed: plain_text on their own, verbatim mrkdwn beside a label.
  const part = (heading: string, blocks: KnownBlock[]) => (blocks.length ? [divider(), section(`*${escapeMrkdwn(heading)}*`), ...blocks] : []);
  const h = view.headings;
  const middle: KnownBlock[] = [
    ...part(
      h.details,
      view.details.flatMap((d) => [section(`*${escapeMrkdwn(d.label)}*`), ...longText(d.value)]),
    ),
    ...part(h.answers, view.answers.length ? [section(view.answers.map((a) => `${escapeMrkdwn(a.label)}: *${escapeMrkdwn(a.value)}*`).join('\n'))] : []),
    ...part(h.routing, [verbatimSection(`${escapeMrkdwn(view.routingReason)}\n${escapeMrkdwn(view.toldLine)}`)]),
    ...part(
      h.referrals,
      view.referrals.flatMap((r) => [verbatimSection(`*${escapeMrkdwn(r.heading)}*`), ...(r.hasNote ? longText(r.note) : [])]),
    ),
    ...part(h.decision, view.decision ? longText(view.decision) : []),
    ...part(h.outcome, view.outcome ? longText(view.outcome) : []),
    ...part(h.tasks, view.tasks.length ? [verbatimSection(view.tasks.map((t) => `•  ${escapeMrkdwn(t.text)} _(${escapeMrkdwn(t.meta)})_`).join('\n'))] : []),
    ...sections.flatMap((s) => caseSectionBlocks(view, s)),
  ];
  const entries = view.chronology.map((c) => [verbatimSection(`*${escapeMrkdwn(c.heading)}*`), ...(c.hasDetail ? longText(c.detail) : [])]);
  const room = LIMITS.modalBlocks - top.length - middle.length - RESERVED_BLOCKS;
  let dropped = 0;
  while (entries.length > 1 && entries.flat().length > room) {
    entries.shift();
    dropped++;
  }
  const chronology = [
    ...(dropped ? [context(`The ${dropped} earliest chronology ${dropped === 1 ? 'entry is' : 'entries are'} not shown here. The stored record is complete.`)] : []),
    ...entries.flat(),
  ];
  const blocks = [...top, ...middle, ...part(h.chronology, chronology)].slice(0, LIMITS.modalBlocks);
  return { type: 'modal', title: plain('Full record', LIMITS.viewTitle), close: plain('Close', LIMITS.viewButton), blocks };
}
