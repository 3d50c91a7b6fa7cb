/**
 * `recordTransferReceipt`: the DSL records that the new school has the child's file (the date it arrived
 * and who confirmed it). From then on the reminders stop. DSL and deputy only; refusals audited; a stale
 * write is read again and tried once more; a receipt already recorded is said, not recorded twice.
 */
import { PreconditionFailedError, type Stored } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { DomainError, InvalidInputError, NotFoundError } from '../errors';
import { type Actor, actorRef } from '../people/actor';
import { formatWallClock } from '../text/time-words';
import { readDate, requireTransferRole } from './transfer-child-file';
import type { Transfer } from './transfer-record';

/** Which transfer: its id (from a button) or the reference the DSL typed (`TR-3F9A2C`); and the day the file arrived (today when not given). */
export interface ReceiptRequest {
  schoolId?: string;
  transferId?: string;
  ref?: string;
  receivedOn?: string;
}

const REF = /^TR-[0-9A-F]{6}$/;

async function findTransfer(deps: CoreDeps, schoolId: string, request: ReceiptRequest): Promise<Stored<Transfer>> {
  if (request.transferId) {
    const found = await deps.store.get<Transfer>('transfers', schoolId, request.transferId);
    if (found) return found;
    throw new NotFoundError('transfer');
  }
  const ref = (request.ref ?? '').trim().toUpperCase();
  if (!REF.test(ref)) throw new InvalidInputError({ ref: 'Give the transfer reference from the reminder, like: transfer receipt TR-3F9A2C.' });
  const [found] = await deps.store.query<Transfer>('transfers', { schoolId, where: [{ field: 'ref', op: '=', value: ref }], limit: 1 });
  if (!found) throw new NotFoundError('transfer');
  return found;
}

/** Records the receipt of a transferred file; returns the transfer as stored. */
export async function recordTransferReceipt(deps: CoreDeps, actor: Actor, request: ReceiptRequest): Promise<Transfer> {
  const school = await requireTransferRole(deps, actor, 'casefile.transfer-receipt', request.schoolId);
  const now = deps.clock.now();
  const today = localTime(now, school.timeZone).date;
  const receivedOn = request.receivedOn ? readDate(request.receivedOn) : today;
  let transfer = await findTransfer(deps, school.id, request);
  const sentOn = localTime(new Date(transfer.transferredAt), school.timeZone).date;
  if (!receivedOn || receivedOn > today || receivedOn < sentOn) {
    throw new InvalidInputError({ receivedOn: `Give the day the new school confirmed it, from ${formatWallClock(sentOn)} to today, like ${today}.` });
  }
  for (let attempt = 0; ; attempt++) {
    if (transfer.receipt) {
      throw new DomainError(
        'already-received',
        `The receipt for ${transfer.ref} was already recorded by ${transfer.receipt.by.name} (received ${formatWallClock(transfer.receipt.receivedOn)}). Nothing was changed.`,
      );
    }
    const { _etag, ...doc } = transfer;
    const next: Transfer = { ...doc, status: 'received', receipt: { recordedAt: now.toISOString(), receivedOn, by: actorRef(actor) } };
    try {
      await deps.store.replace<Transfer>('transfers', next, _etag);
      await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'casefile.transfer-receipt', outcome: 'ok', detail: `transfer=${transfer.id}` });
      return next;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt > 0) throw error;
      transfer = await findTransfer(deps, school.id, { transferId: transfer.id });
    }
  }
}
