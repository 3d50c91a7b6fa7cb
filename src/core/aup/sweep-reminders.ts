/**
 * `sweepAupReminders`: one pass over every school's register. For each active person whose signature
 * is coming due or overdue, queues the latest reminder slot they have reached (a DM) and, when they are
 * far enough overdue, tells the online-safety lead and then the head teacher. Only in working hours on
 * school days; at most `maxPerWeek` reminders to one person in 7 days; every message has a fixed id per
 * (person, due date, slot), so a second instance, a retry or a restart mid-run never sends one twice.
 */
import { ConflictError, PreconditionFailedError } from '../../ports/document-store';
import type { CoreDeps } from '../deps';
import { enqueue } from '../delivery/outbox';
import type { School } from '../policy/schema';
import { type AupPolicy, documentFor } from '../policy/aup-policy';
import type { Signature } from './aup-records';
import type { Person } from '../people/person-record';
import { dueFor } from './due-date';
import { escalationSlots, reminderSlot } from './reminder-slots';
import { isSendingTime, localTime } from '../calendar/school-calendar';

/** What one reminder sweep did: people looked at, reminders and escalations queued, reminders held back by the weekly cap. */
export interface SweepResult {
  people: number;
  reminders: number;
  escalations: number;
  /** Reminders held back by the weekly cap. */
  capped: number;
}

const WEEK_MS = 7 * 86_400_000;
const PARALLEL_WRITES = 64;

async function inBatches<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL_WRITES) await Promise.all(items.slice(i, i + PARALLEL_WRITES).map(work));
}

async function noteReminded(deps: CoreDeps, person: Person, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = attempt === 0 ? person : await deps.store.get<Person>('people', person.schoolId, person.id);
    if (!current) return;
    const { _etag, ...doc } = current as Person & { _etag?: string };
    const reminded = [...(doc.reminded ?? []), now.toISOString()].slice(-5);
    try {
      await deps.store.replace<Person>('people', { ...doc, reminded }, _etag as string);
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
  }
}

async function sweepSchool(deps: CoreDeps, aup: AupPolicy, school: School, now: Date, result: SweepResult): Promise<void> {
  const today = localTime(now, school.timeZone).date;
  const people = await deps.store.query<Person>('people', { schoolId: school.id, where: [{ field: 'status', op: '=', value: 'active' }] });
  const signatures = await deps.store.query<Signature>('signatures', { schoolId: school.id });
  const byPerson = new Map<string, Signature[]>();
  for (const s of signatures) byPerson.set(s.personId, [...(byPerson.get(s.personId) ?? []), s]);
  result.people += people.length;
  const work: Array<() => Promise<void>> = [];
  for (const person of people) {
    const doc = documentFor(aup, person.audience);
    if (!doc) continue;
    const due = dueFor(person, doc, byPerson.get(person.id) ?? [], aup, today, school.timeZone);
    const slot = reminderSlot(due.date, today, aup.reminders);
    const base = { schoolId: school.id, aup: { personId: person.id, personName: person.name, documentId: doc.id, dueDate: due.date, slot: '' } };
    if (slot && person.platform && person.userId) {
      const recent = (person.reminded ?? []).filter((at) => now.getTime() - Date.parse(at) < WEEK_MS).length;
      if (recent >= aup.reminders.maxPerWeek) result.capped++;
      else {
        work.push(async () => {
          const to = { kind: 'person' as const, person: { platform: person.platform as 'teams' | 'slack', userId: person.userId as string, name: person.name } };
          const fresh = await enqueue(deps.store, { ...base, aup: { ...base.aup, slot: slot.key }, id: `aup:${person.id}:${due.date}:${slot.key}`, message: 'aup-reminder', to }, now);
          if (!fresh) return;
          result.reminders++;
          await noteReminded(deps, person, now).catch((error) => {
            if (!(error instanceof ConflictError)) throw error;
          });
        });
      }
    }
    for (const escalation of escalationSlots(due.date, today, aup.reminders)) {
      work.push(async () => {
        const message = { ...base, aup: { ...base.aup, slot: escalation.key }, id: `aup-esc:${person.id}:${due.date}:${escalation.key}`, message: 'aup-escalation' as const };
        if (await enqueue(deps.store, { ...message, to: { kind: 'role', role: escalation.role }, platform: person.platform }, now)) result.escalations++;
      });
    }
  }
  await inBatches(work, (run) => run());
}

/** One sweep over every school's register, sending only in that school's working hours on school days. Safe to run on several instances at once. */
export async function sweepAupReminders(deps: CoreDeps, now: Date = deps.clock.now()): Promise<SweepResult> {
  const aup = deps.pack.aup;
  const result: SweepResult = { people: 0, reminders: 0, escalations: 0, capped: 0 };
  for (const school of deps.pack.schools) {
    if (!isSendingTime(now, aup, school.timeZone)) continue;
    await sweepSchool(deps, aup, school, now, result);
  }
  return result;
}
