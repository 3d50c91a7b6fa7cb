/**
 * The full record's "Shared with colleagues" section, for the incident's leads only: every share, live
 * or past, with whether the colleague's message reached them (from the outbox, never assumed), a
 * "Revoke" button per live share and "Share with a colleague" while there is someone to share with.
 */
import { isLiveShare, mayLead } from '../assignments/who-may';
import type { OutboxMessage } from '../delivery/outbox';
import type { CaseShare } from '../incidents/case-share';
import { formatLondon } from '../text/time-words';
import { accessWords, dayWords } from './case-shared-view';
import type { SectionBuilder } from './record-sections';
import { shareMessageId } from './share-case';

/** The sharing buttons: open the form, save it, revoke one share (ref = share id), and a colleague's shared task done (ref = share id). */
export const SHARING_ACTIONS = { openForm: 'share-open-form', save: 'share-save', revoke: 'share-revoke', taskDone: 'share-task-done' } as const;

/** Whether the colleague's message arrived, in words, as the outbox records it. */
export function toldWords(message: OutboxMessage | undefined, share: Pick<CaseShare, 'person'>): string {
  if (!message) return `${share.person.name} has not been told.`;
  if (message.status === 'sent') return `${share.person.name} was told${message.sentAt ? ` ${formatLondon(message.sentAt)}` : ''}.`;
  if (message.status === 'unreachable' || message.unreachable) return `NOT reached: ${share.person.name} could not be messaged (they may not have opened a chat with the bot). Tell them in person.`;
  return `Not reached yet: still trying to tell ${share.person.name}.`;
}

/** The section: live shares first, then past ones; buttons only for a lead. */
export const sharingSection: SectionBuilder = async (deps, school, incident, actor) => {
  if (!mayLead(deps.pack, school, incident, actor)) return undefined;
  const now = deps.clock.now();
  const shares = incident.shares ?? [];
  const live = shares.filter((s) => isLiveShare(s, now, school.timeZone));
  const past = shares.filter((s) => !isLiveShare(s, now, school.timeZone));
  const messages = await Promise.all(shares.map((s) => deps.store.get<OutboxMessage>('outbox', incident.schoolId, shareMessageId(incident.id, s.id))));
  const told = (s: CaseShare) => toldWords(messages[shares.indexOf(s)] ?? undefined, s);
  const task = (s: CaseShare) => (s.taskId ? incident.tasks.find((t) => t.id === s.taskId)?.text : undefined);
  const line = (s: CaseShare, state: string) => ({
    text: `${s.person.name}: ${accessWords(s)}, ${state}`,
    detail: [`Shared by ${s.sharedBy.name} ${formatLondon(s.sharedAt)}. Reason: ${s.reason}`, task(s) ? `Task: ${task(s)}` : '', told(s)].filter(Boolean).join(' '),
  });
  return {
    id: 'sharing',
    heading: 'Shared with colleagues',
    lines: [
      ...live.map((s) => line(s, `until ${dayWords(s.until)}`)),
      ...past.map((s) => line(s, s.revokedAt ? `revoked by ${s.revokedBy?.name ?? 'a lead'} ${formatLondon(s.revokedAt)}` : `ended ${dayWords(s.until)}`)),
    ],
    emptyLine: 'Not shared with anyone.',
    actions: [...live.map((s) => ({ action: SHARING_ACTIONS.revoke, label: `Revoke (${s.person.name})`, ref: s.id })), { action: SHARING_ACTIONS.openForm, label: 'Share with a colleague' }],
  };
};
