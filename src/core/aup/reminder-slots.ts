/**
 * Which reminder a person is due on a given day. Slots are fixed days around the due date: N days before
 * (14 and 3 by default), the due day, then every 7 days overdue; and, separately, the escalations to the
 * online-safety lead and the head teacher. Only the latest slot reached is ever sent, so a person back
 * from a holiday gets one reminder, not a backlog. Each slot has a fixed key: sent at most once.
 */
import type { AupPolicy } from '../policy/aup-policy';
import { addDays, daysBetween } from '../calendar/school-calendar';

/** One reminder or escalation opportunity: a fixed key (so it is sent at most once) and the day it opens. */
export interface Slot {
  /** e.g. `before-14`, `due`, `overdue-2`, `lead`, `head`. */
  key: string;
  /** The day the slot opens (YYYY-MM-DD). */
  opens: string;
}

/** The latest reminder slot open on `today` for a due date, if any. */
export function reminderSlot(dueDate: string, today: string, reminders: AupPolicy['reminders']): Slot | undefined {
  const overdueDays = daysBetween(dueDate, today);
  if (overdueDays >= 0) {
    const round = Math.floor(overdueDays / reminders.overdueEveryDays);
    return round === 0 ? { key: 'due', opens: dueDate } : { key: `overdue-${round}`, opens: addDays(dueDate, round * reminders.overdueEveryDays) };
  }
  const before = [...reminders.daysBefore].sort((a, b) => a - b).find((n) => -overdueDays <= n);
  return before === undefined ? undefined : { key: `before-${before}`, opens: addDays(dueDate, -before) };
}

/** The escalations open on `today`: to the online-safety lead, then the head teacher. */
export function escalationSlots(dueDate: string, today: string, reminders: AupPolicy['reminders']): Array<Slot & { role: 'esafety-lead' | 'head' }> {
  const overdueDays = daysBetween(dueDate, today);
  const slots: Array<Slot & { role: 'esafety-lead' | 'head' }> = [];
  if (overdueDays >= reminders.escalateToLeadAfterDays) slots.push({ key: 'lead', opens: addDays(dueDate, reminders.escalateToLeadAfterDays), role: 'esafety-lead' });
  if (overdueDays >= reminders.escalateToHeadAfterDays) slots.push({ key: 'head', opens: addDays(dueDate, reminders.escalateToHeadAfterDays), role: 'head' });
  return slots;
}
