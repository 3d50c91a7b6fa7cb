/**
 * Pure mappers from core views to the data each Adaptive Card template binds to. Core owns the words;
 * these only add layout words (headings, button captions), format times, and decide what shows.
 * Every flag a template tests is set explicitly, so a template never meets an undefined field.
 */
import type { WizardView } from '../../../core/wizard/wizard-view';
import type { ReceiptView } from '../../../core/incidents/receipt-view';
import type { EscalationView } from '../../../core/incidents/escalation-view';
import { ESCALATION_LABELS } from '../../../core/incidents/escalation-actions';
import { bulletList, durationWords, formatLondon, formatWallClock, numberedList, splitWallClock } from './format';

export { fullRecordCardData, type RecordNames } from './full-record-data';

/** The only data an escalation button carries: opaque ids, re-checked against the store. */
export interface IncidentActionData {
  schoolId: string;
  incidentId: string;
}

/** The only data a wizard button carries; `revision` lets the handler refuse a stale card. */
export interface WizardActionData {
  schoolId: string;
  wizardId: string;
  revision: number;
}

/** A person to @mention; `id` is their Teams user id (AAD object id or `29:` id). */
export interface MentionTarget {
  id: string;
  name: string;
}

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/** The longest note, reason or outcome core accepts from an escalation card. */
export const MAX_ACTION_TEXT = 2000;

export function wizardCardData(view: WizardView, ref: { schoolId: string; wizardId: string }) {
  const fieldIds = new Set((view.fields ?? []).map((f) => f.id));
  const choiceError = view.errors.choice ?? '';
  const guidance = view.guidance ?? { do: [], dont: [] };
  return {
    title: view.title,
    intro: view.intro,
    generalErrors: Object.entries(view.errors)
      .filter(([key]) => key !== 'choice' && !fieldIds.has(key as never))
      .map(([, message]) => message),
    hasUrgent: Boolean(view.urgent),
    urgentHeading: view.urgent?.heading ?? '',
    urgentLines: view.urgent?.lines ?? [],
    hasChoices: Boolean(view.choices?.length),
    choiceLabel: 'Choose one',
    choiceErrorMessage: choiceError || 'Choose one of these to carry on.',
    choices: (view.choices ?? []).map((c) => ({ title: c.label, value: c.value })),
    hasChoiceError: Boolean(choiceError),
    choiceError,
    hasDo: guidance.do.length > 0,
    doHeading: 'Do',
    doList: bulletList(guidance.do),
    hasDont: guidance.dont.length > 0,
    dontHeading: 'Do not',
    dontList: bulletList(guidance.dont),
    hasNoUploads: Boolean(view.noUploadsReason),
    noUploadsHeading: 'Do not attach or upload any image',
    noUploadsReason: view.noUploadsReason ?? '',
    fields: (view.fields ?? []).map((f) => {
      const split = splitWallClock(f.value);
      const label = f.required ? `${f.label} (required)` : f.label;
      return {
        id: f.id,
        isDateTime: f.kind === 'date-time',
        isText: f.kind !== 'date-time',
        multiline: f.kind === 'multiline',
        maxLength: f.maxLength,
        label,
        value: f.kind === 'date-time' ? '' : f.value,
        dateId: `${f.id}Date`,
        timeId: `${f.id}Time`,
        timeLabel: 'Time (if you know it)',
        dateValue: split.date,
        timeValue: split.time,
        hasHelp: Boolean(f.help),
        help: f.help ?? '',
        hasError: Boolean(f.error),
        error: f.error ?? '',
        errorMessage: f.error ?? 'Please check this answer.',
      };
    }),
    hasChecklist: Boolean(view.checklist?.length),
    checklistText: numberedList((view.checklist ?? []).map((c) => c.text)),
    hasReview: Boolean(view.review?.length),
    review: (view.review ?? []).map((r) => ({ title: r.label, value: formatWallClock(r.value) })),
    showNext: !view.submitLabel,
    nextTitle: view.nextLabel ?? 'Next',
    showSubmit: Boolean(view.submitLabel),
    submitTitle: view.submitLabel ?? '',
    showBack: view.canGoBack,
    backTitle: 'Back',
    // A required choice would block "Back" until something is chosen; typed details must go back with it.
    backInputs: view.fields?.length ? 'auto' : 'none',
    cancelTitle: 'Cancel report',
    actionData: { schoolId: ref.schoolId, wizardId: ref.wizardId, revision: view.revision } satisfies WizardActionData,
  };
}

export function receiptCardData(view: ReceiptView) {
  return {
    title: view.title,
    urgent: view.urgent,
    urgentBadge: 'URGENT',
    toldHeading: 'Who has been told',
    toldList: bulletList(view.toldRoles),
    nextHeading: 'What happens next',
    nextList: bulletList(view.nextSteps),
  };
}

function mentionData(people: MentionTarget[]) {
  const mentions: MentionEntity[] = people.map((p) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } }));
  return { hasMentions: mentions.length > 0, mentionText: mentions.map((m) => m.text).join(' '), mentions };
}

/** The escalation card, first posted and every in-place update. `mention` people are @mentioned (urgent cards). */
export function escalationCardData(view: EscalationView, mention: MentionTarget[] = []) {
  const has = (a: EscalationView['actions'][number]) => view.actions.includes(a);
  const can = {
    acknowledge: has('acknowledge'),
    assign: has('assign') && view.assignees.length > 0,
    addNote: has('add-note'),
    refer: has('refer') && view.agencies.length > 0,
    noReferral: has('no-referral'),
    close: has('close'),
    fullRecord: has('full-record'),
  };
  const kind = view.safeguarding ? 'Safeguarding concern' : 'Online-safety incident';
  const facts = [
    { title: 'Reference', value: view.reference },
    { title: 'Type', value: view.title },
    { title: 'School', value: view.schoolName },
    { title: 'Reported', value: `${formatLondon(view.reportedAt)} by ${view.reportedBy}` },
    { title: 'Status', value: view.status },
    { title: 'Owner', value: view.owner },
    { title: 'Last action', value: view.lastAction },
  ].filter((f) => f.value);
  return {
    urgent: view.urgent,
    urgentBadge: 'URGENT',
    headerStyle: view.urgent ? 'attention' : 'emphasis',
    kindLabel: kind,
    audienceLine: `For the ${view.audience}`,
    ...mentionData(mention),
    facts,
    privacyLine: view.closed
      ? 'This incident is closed. The full record keeps everything that happened.'
      : "Pupils' names and what was written are only in the full record. Opening it is recorded.",
    can,
    hasFirstRow: can.acknowledge || can.assign || can.addNote || can.fullRecord,
    hasDecisionRow: can.refer || can.noReferral || can.close,
    labels: {
      acknowledge: ESCALATION_LABELS.acknowledge,
      assign: ESCALATION_LABELS.assign,
      addNote: ESCALATION_LABELS['add-note'],
      refer: ESCALATION_LABELS.refer,
      noReferral: ESCALATION_LABELS['no-referral'],
      close: ESCALATION_LABELS.close,
      fullRecord: ESCALATION_LABELS['full-record'],
    },
    words: {
      assigneeLabel: 'Who should own this?',
      assigneeError: 'Choose someone from the list.',
      noteLabel: 'Note for the record',
      noteError: 'Please write the note.',
      noteButton: 'Save note',
      agencyLabel: 'Referred to',
      agencyError: 'Choose who it was referred to.',
      referralNoteLabel: 'Note (optional): their reference number, who you spoke to',
      referButton: 'Record referral',
      reasonLabel: 'Why are you deciding not to refer?',
      reasonError: 'Please write the reason.',
      reasonButton: 'Record decision',
      outcomeLabel: 'Outcome: what was done and why it can close',
      outcomeError: 'Please write the outcome.',
      outcomeButton: 'Close incident',
    },
    maxText: MAX_ACTION_TEXT,
    assignees: view.assignees.map((a) => ({ title: a.label, value: a.value })),
    agencies: view.agencies.map((a) => ({ title: a.label, value: a.value })),
    actionData: { schoolId: view.schoolId, incidentId: view.incidentId } satisfies IncidentActionData,
  };
}

/**
 * The nag for an urgent incident nobody has acknowledged. Pass `acknowledge: false` when the recipient
 * cannot act on it (e.g. the head teacher told after the time limit), so the card shows no button.
 */
export function urgentReminderCardData(view: EscalationView, now: Date, options: { mention?: MentionTarget[]; acknowledge?: boolean } = {}) {
  const minutes = (now.getTime() - Date.parse(view.reportedAt)) / 60000;
  const canAcknowledge = view.actions.includes('acknowledge') && options.acknowledge !== false;
  return {
    heading: `URGENT and still not acknowledged: ${view.reference} (reported ${durationWords(minutes)} ago)`,
    ...mentionData(options.mention ?? []),
    lines: [
      `${view.safeguarding ? 'Safeguarding concern' : 'Online-safety incident'} for the ${view.audience}.`,
      canAcknowledge
        ? 'Please acknowledge it now, so everyone knows someone is dealing with it.'
        : `Please check that the ${view.audience} has seen it.`,
    ],
    canAcknowledge,
    acknowledgeTitle: ESCALATION_LABELS.acknowledge,
    actionData: { schoolId: view.schoolId, incidentId: view.incidentId } satisfies IncidentActionData,
  };
}

/** A role told that an incident exists: the reference and who is dealing with it, nothing more. */
export function informRoleCardData(view: Pick<EscalationView, 'reference' | 'schoolName' | 'audience'>) {
  return {
    title: `For your information: ${view.reference}`,
    lines: [
      `An online-safety incident has been reported at ${view.schoolName}. The ${view.audience} is dealing with it.`,
      'You do not need to do anything unless they ask you to.',
    ],
  };
}

/** News for the person who reported: `text` is core's plain words (the outbox message text). */
export function reporterUpdateCardData(update: { reference: string; text: string }) {
  return { title: `Update on your report ${update.reference}`, lines: [update.text] };
}

/** A plain message: confirmations ("I've sent you a private message") and errors with a support reference. */
export function noticeCardData(notice: { title: string; lines?: string[]; tone?: 'info' | 'error'; supportRef?: string }) {
  return {
    title: notice.title,
    titleColor: notice.tone === 'error' ? 'Attention' : 'Default',
    lines: notice.lines ?? [],
    hasSupportRef: Boolean(notice.supportRef),
    supportRef: notice.supportRef ? `If you ask for help, quote: ${notice.supportRef}` : '',
  };
}
