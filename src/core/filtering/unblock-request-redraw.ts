/**
 * Once an unblock request is answered (approved or refused) or blocked again, every approver's copy of
 * the request card is drawn again, so no card still asks for an answer nobody needs or offers buttons
 * that would change nothing. One update per approver and outcome, with a fixed id, so never twice; the
 * person who pressed the button is passed over, since their own card is redrawn in the answer to the press.
 * An approver whose card was never posted gets an update that does nothing.
 */
import { idSafe } from '../assignments/fan-out';
import type { CoreDeps } from '../deps';
import { enqueue, type OutboxMessage } from '../delivery/outbox';
import { type Actor, isSamePerson } from '../people/actor';
import { personKey } from '../people/person-key';
import { roleHolders } from '../people/role-holders';
import type { School } from '../policy/schema';
import type { FilteringEntry } from './filtering-entry';
import { filteringPolicy } from './filtering-rules';

/** What became of a request, as far as the approvers' cards tell it. */
export type RequestCardOutcome = 'unblocked' | 'refused' | 're-blocked';

/** The outbox id of the request card queued for one approver (the id `requestUnblock` gives it). */
export function unblockRequestCardId(entryId: string, holderKey: string): string {
  return `unblock-request:${entryId}:${idSafe(holderKey)}`;
}

/** The outbox id of the redraw of one approver's request card after one outcome. */
export function unblockRequestUpdateId(entryId: string, holderKey: string, outcome: RequestCardOutcome): string {
  return `unblock-request-update:${entryId}:${idSafe(holderKey)}:${outcome}`;
}

/**
 * Queues an `unblock-request-update` for each approver whose request card was queued, except `pressedBy`
 * (their card is redrawn in the answer to their press). Returns how many were newly queued.
 */
export async function queueRequestCardRedraws(deps: CoreDeps, school: School, entry: FilteringEntry, outcome: RequestCardOutcome, pressedBy?: Actor): Promise<number> {
  const seen = new Set<string>();
  let queued = 0;
  for (const role of filteringPolicy(school).approvers) {
    for (const holder of roleHolders(deps.pack, school, role)) {
      const key = personKey(holder);
      if (seen.has(key)) continue;
      seen.add(key);
      if (pressedBy && isSamePerson(pressedBy, holder)) continue;
      const card = await deps.store.get<OutboxMessage>('outbox', school.id, unblockRequestCardId(entry.id, key));
      if (!card) continue;
      const fresh = await enqueue(
        deps.store,
        {
          id: unblockRequestUpdateId(entry.id, key, outcome),
          schoolId: school.id,
          message: 'unblock-request-update',
          to: card.to,
          ...(card.platform && { platform: card.platform }),
          filtering: { entryId: entry.id, outcome },
        },
        deps.clock.now(),
      );
      if (fresh) queued++;
    }
  }
  return queued;
}
