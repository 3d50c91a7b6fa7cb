/**
 * Pure mappers from core views to the data each Adaptive Card template binds to. Core owns the words;
 * these only add layout words (headings, button captions), format times, and decide what shows.
 * Every flag a template tests is set explicitly, so a template never meets an undefined field.
 */
import { BUTTON_CHOICES, type WizardView } from '../../../core/wizard/wizard-view';
import { PUPIL_INPUT_IDS, wizardPupilsData } from './wizard-pupils-data';
import type { ReceiptView } from '../../../core/incidents/receipt-view';
import type { EscalationView } from '../../../core/incidents/escalation-view';
import type { AupCardView } from '../../../core/aup/aup-views';
import type { DigestSection, DigestView } from '../../../core/digest/digest-view';
import { barChartPng } from './bar-chart-png';
import { describeInformRole, describeReporterUpdate } from '../../../core/incidents/notice-views';
import { renderCard, renderCardWith } from './render-card';
import { bulletList, formatWallClock, literalText, numberedList, splitWallClock } from './format';

export { fullRecordCardData } from './full-record-data';
export { noticeCardData, teamUnreachableCardData, deliveryReportCardData, setupCheckCardData } from './notice-data';
export { taskCardData, taskItemsData, reasonInputId, TASK_WORDS, type TaskActionData } from './task-data';
export {
  escalationCardData,
  urgentReminderCardData,
  MAX_ACTION_TEXT,
  type IncidentActionData,
  type MentionEntity,
  type MentionTarget,
} from './escalation-data';

/** The only data a wizard button carries; `revision` lets the handler refuse a stale card. */
export interface WizardActionData {
  schoolId: string;
  wizardId: string;
  revision: number;
}

export function wizardCardData(view: WizardView, ref: { schoolId: string; wizardId: string }) {
  const fieldIds = new Set<string>((view.fields ?? []).map((f) => f.id));
  const actionData = { schoolId: ref.schoolId, wizardId: ref.wizardId, revision: view.revision } satisfies WizardActionData;
  // A short list of answers is one tap per answer; the long "What happened?" list is a choice, then Next.
  const listed = (view.choices ?? []).filter((c) => c.value !== view.dangerChoice?.value);
  const asButtons = listed.length > 0 && listed.length <= BUTTON_CHOICES;
  const choiceError = view.errors.choice ?? '';
  const guidance = view.guidance ?? { do: [], dont: [] };
  return {
    title: view.title,
    intro: view.intro,
    generalErrors: Object.entries(view.errors)
      // On the pupil step there is no choice list, so a `choice` message is said here; its inputs' own are beside them.
      .filter(([key]) => (view.pupilStep ? !PUPIL_INPUT_IDS.has(key) : key !== 'choice') && !fieldIds.has(key))
      .map(([, message]) => message),
    hasUrgent: Boolean(view.urgent),
    urgentHeading: view.urgent?.heading ?? '',
    urgentLines: view.urgent?.lines ?? [],
    hasChoices: listed.length > 0 && !asButtons,
    hasChoiceButtons: asButtons,
    // The answer rides on the button as an input would; core checks it like any other.
    choiceButtons: asButtons ? listed.map((c) => ({ title: c.label, data: { ...actionData, choice: c.value } })) : [],
    hasDangerButton: Boolean(view.dangerChoice),
    dangerTitle: view.dangerChoice?.label ?? '',
    dangerData: view.dangerChoice ? { ...actionData, choice: view.dangerChoice.value } : {},
    choiceLabel: 'Choose one',
    choiceErrorMessage: choiceError || 'Choose one of these to carry on.',
    choices: listed.map((c) => ({ title: c.label, value: c.value })),
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
      // Not `isRequired`: a required input would stop "Back" until it is filled; the server checks instead.
      const label = !f.required ? f.label : f.label.endsWith(')') ? `${f.label.slice(0, -1)}, required)` : `${f.label} (required)`;
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
    // What the person typed, shown back as typed (Teams would draw Markdown in it); inputs above keep it raw.
    review: (view.review ?? []).map((r) => ({ title: r.label, value: literalText(formatWallClock(r.value)) })),
    hasPlan: Boolean(view.plan?.length),
    planHeading: 'It goes to',
    plan: (view.plan ?? []).map((p) => ({ title: p.who, value: p.job })),
    ...wizardPupilsData(view, actionData),
    showNext: !view.submitLabel && !asButtons,
    nextTitle: view.nextLabel ?? 'Next',
    showSubmit: Boolean(view.submitLabel),
    submitTitle: view.submitLabel ?? '',
    showBack: view.canGoBack,
    backTitle: 'Back',
    // A required choice would block "Back" until something is chosen; typed details must go back with it.
    backInputs: view.fields?.length ? 'auto' : 'none',
    cancelTitle: 'Cancel report',
    actionData,
  };
}

const WIZARD_PLACEHOLDERS = { schoolId: '@@schoolId@@', wizardId: '@@wizardId@@', revision: '@@revision@@' } as const;

/**
 * The wizard card for one person: drawn once per distinct step (the same for everyone at that step) and
 * then given this wizard's ids, which are the only per-person parts of a step's card besides what was typed.
 */
export function renderWizardCard(view: WizardView, ref: { schoolId: string; wizardId: string }): Record<string, unknown> {
  // A step showing what the person typed is never kept: only the shared wording is cached.
  // The pupil step names children: drawn for this one person, never cached.
  if ((view.fields ?? []).some((f) => f.value) || view.review?.length || view.pupilStep) return renderCard('wizard-step', wizardCardData(view, ref));
  const data = wizardCardData(
    { ...view, wizardId: WIZARD_PLACEHOLDERS.wizardId, revision: WIZARD_PLACEHOLDERS.revision as unknown as number },
    { schoolId: WIZARD_PLACEHOLDERS.schoolId, wizardId: WIZARD_PLACEHOLDERS.wizardId },
  );
  return renderCardWith('wizard-step', data, {
    [WIZARD_PLACEHOLDERS.schoolId]: ref.schoolId,
    [WIZARD_PLACEHOLDERS.wizardId]: ref.wizardId,
    [WIZARD_PLACEHOLDERS.revision]: view.revision,
  });
}

/** The receipt, drawn once per kind of routing and given each report's reference. */
export function renderReceiptCard(view: ReceiptView): Record<string, unknown> {
  const token = '@@reference@@';
  const data = receiptCardData({ ...view, title: view.title.split(view.reference).join(token), nextSteps: view.nextSteps.map((l) => l.split(view.reference).join(token)), reference: token });
  return renderCardWith('report-receipt', data, { [token]: view.reference });
}

export function receiptCardData(view: ReceiptView) {
  return {
    title: view.title,
    urgent: view.urgent,
    urgentBadge: 'URGENT',
    toldHeading: view.toldHeading,
    toldList: bulletList(view.toldRoles),
    nextHeading: 'What happens next',
    nextList: bulletList(view.nextSteps),
  };
}

/** A role told that an incident exists: the reference and who is dealing with it, nothing more. */
export function informRoleCardData(view: Pick<EscalationView, 'reference' | 'schoolName' | 'audience'>) {
  return describeInformRole(view);
}

/** News for the person who reported: `text` is core's plain words (the outbox message text). */
export function reporterUpdateCardData(update: { reference: string; text: string }) {
  return describeReporterUpdate(update);
}

/** The acceptable use agreement: the summary, the whole text or link, and the button that signs it. */
export function aupCardData(view: AupCardView) {
  return {
    hasReminder: Boolean(view.reminder),
    reminder: view.reminder ?? '',
    title: view.title,
    status: view.status,
    statusColor: view.canSign ? 'Attention' : 'Good',
    summaryHeading: 'In short',
    summaryList: bulletList(view.summary),
    canSign: view.canSign,
    signNote: "Pressing the button records your name, the version and the time. It is kept as the school's record.",
    hasUrl: Boolean(view.url),
    urlTitle: 'Read the whole agreement',
    url: view.url ?? '',
    hasFullText: Boolean(view.fullText) && !view.url,
    fullTextTitle: 'Read the whole agreement',
    fullText: view.fullText ?? '',
    signLabel: view.signLabel,
    actionData: { documentId: view.documentId, version: view.version },
  };
}

/** The weekly digest: the chart as an image with its numbers beside it, and "Details" for the lists. */
export function digestCardData(view: DigestView) {
  const section = (s: DigestSection) => ({ heading: s.heading, list: bulletList(s.lines) });
  return {
    title: view.title,
    period: view.period,
    headline: view.headline,
    chartTitle: view.chart.title,
    hasChart: !view.chart.empty,
    chartEmpty: view.chart.empty ?? '',
    chartUrl: view.chart.empty ? '' : barChartPng(view.chart.bars.map((b) => b.value)),
    chartAltText: view.chart.altText,
    chartNumbers: view.chart.bars.map((b) => `${b.label}: ${b.value}`).join(' · '),
    sections: view.sections.map(section),
    privacyLine: 'Counts and references only: no pupil is named here. The full records are with the safeguarding team.',
    hasDetails: view.details.length > 0,
    detailsTitle: 'Details',
    details: view.details.map(section),
  };
}
