/**
 * What a queued AUP message says when it is sent: the lead's or head's notice, or the person's
 * agreement with a reminder line, or nothing if they have signed since it was queued.
 */
import type { CoreDeps } from '../deps';
import type { OutboxMessage } from '../delivery/outbox';
import type { School } from '../policy/schema';
import { type AupCardView, describeAupCard, describeAupEscalation } from './aup-views';
import { localTime } from '../calendar/school-calendar';
import { aupStatusFor } from './sign-aup';

/** What a queued AUP message shows: a notice for the lead or head, or the person's own agreement to sign. */
export type AupMessageView = { kind: 'notice'; view: { title: string; lines: string[] } } | { kind: 'agreement'; view: AupCardView };

/** What a queued AUP message says at the moment it is sent; undefined when there is nothing to send any more (they have signed since). */
export async function describeAupMessage(deps: CoreDeps, school: School, message: OutboxMessage): Promise<AupMessageView | undefined> {
  if (message.message === 'aup-escalation') return { kind: 'notice', view: describeAupEscalation(message, school) };
  const status = message.aup ? await aupStatusFor(deps, message.schoolId, message.aup.personId) : undefined;
  const view = status && describeAupCard(status, localTime(deps.clock.now(), school.timeZone).date, true);
  return view?.canSign ? { kind: 'agreement', view } : undefined;
}
