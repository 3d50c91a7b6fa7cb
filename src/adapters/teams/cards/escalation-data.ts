/**
 * Mappers for the escalation card (dsl-escalation, role-escalation and their in-place updates) and the
 * urgent reminder. Cards carry only opaque ids; names appear only as @mentions of staff. The case card
 * lists the tasks of the people it is for, each with Done and Not needed.
 */
import type { EscalationView } from '../../../core/incidents/escalation-view';
import { ESCALATION_LABELS } from '../../../core/incidents/escalation-actions';
import { ACTION_FORM_WORDS, incidentKind, privacyLine } from '../../../core/incidents/incident-words';
import { MAX_TEXT } from '../../../core/incidents/act-on-incident';
import { describeUrgentReminder } from '../../../core/incidents/notice-views';
import { formatLondon } from './format';
import { TASK_WORDS, taskItemsData } from './task-data';

/** The only data an escalation button carries: opaque ids, re-checked against the store. */
export interface IncidentActionData {
  schoolId: string;
  incidentId: string;
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
export const MAX_ACTION_TEXT = MAX_TEXT;

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
  const kind = incidentKind(view.safeguarding);
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
    privacyLine: privacyLine(view.closed),
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
    words: ACTION_FORM_WORDS,
    maxText: MAX_ACTION_TEXT,
    hasTasks: view.tasks.length > 0,
    tasks: taskItemsData(view.tasks, { schoolId: view.schoolId, incidentId: view.incidentId }, view.closed),
    taskWords: TASK_WORDS,
    assignees: view.assignees.map((a) => ({ title: a.label, value: a.value })),
    agencies: view.agencies.map((a) => ({ title: a.label, value: a.value })),
    actionData: { schoolId: view.schoolId, incidentId: view.incidentId } satisfies IncidentActionData,
  };
}

/**
 * The nag for an urgent incident nobody has acknowledged. Pass `acknowledge: false` when the recipient
 * cannot act on it (e.g. the head teacher told after the time limit), so the card shows no button.
 */
export function urgentReminderCardData(view: EscalationView, minutesAgo: number, options: { mention?: MentionTarget[]; acknowledge?: boolean } = {}) {
  const reminder = describeUrgentReminder(view, minutesAgo, options.acknowledge !== false);
  return {
    heading: reminder.title,
    ...mentionData(options.mention ?? []),
    lines: reminder.lines,
    canAcknowledge: reminder.canAcknowledge,
    acknowledgeTitle: ESCALATION_LABELS.acknowledge,
    actionData: { schoolId: view.schoolId, incidentId: view.incidentId } satisfies IncidentActionData,
  };
}
