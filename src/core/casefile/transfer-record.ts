/**
 * A transfer of a child's file to their new school (collection `transfers`, in the old school's
 * partition): to which school, when, by whom, the pupil, the files' SHA-256, the JSON copy as it was sent,
 * the date the child starts there and the deadline five school days after it, and the receipt once the
 * DSL records it. Names live only here and in the files; audit events and logs carry the transfer's id.
 */
import { createHash } from 'node:crypto';
import type { Doc } from '../../ports/document-store';
import { addDays, isSchoolDay, type SchoolCalendar } from '../calendar/school-calendar';
import type { ActorRef } from '../people/actor';
import type { RoleKey } from '../policy/schema';
import type { ChildFile } from './child-file';

/** The roles that may hand a child's file on and record its receipt. */
export const TRANSFER_ROLES: readonly RoleKey[] = ['dsl', 'deputy-dsl'];

/** How many school days after the child starts at the new school the file must have reached it (KCSIE). */
export const TRANSFER_SCHOOL_DAYS = 5;

/** The version of the JSON copy's shape; a reader checks it before trusting the fields. */
export const TRANSFER_JSON_VERSION = 1;

/** One transfer of one child's file. */
export interface Transfer extends Doc {
  id: string;
  schoolId: string;
  /** Short reference the DSL can type (`TR-3F9A2C`). */
  ref: string;
  pupilId: string;
  /** The new school's name as the DSL gave it. */
  toSchool: string;
  transferredAt: string;
  by: ActorRef;
  /** YYYY-MM-DD: when the child starts (or started) at the new school. */
  startDate: string;
  /** YYYY-MM-DD: five school days after `startDate`. */
  deadline: string;
  /** `awaiting-receipt` until the DSL records the new school's receipt. */
  status: 'awaiting-receipt' | 'received';
  pdfSha256: string;
  jsonSha256: string;
  /** The child's file as it was handed on (the JSON copy's content). */
  file: ChildFile;
  receipt?: { recordedAt: string; receivedOn: string; by: ActorRef };
}

/** SHA-256 of some bytes or text, as lower-case hex. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The transfer's id: one per pupil, new school and day, so a retried command makes one transfer. */
export function transferIdFor(pupilId: string, toSchool: string, date: string): string {
  return `transfer:${sha256(`${pupilId}|${toSchool.toLowerCase()}|${date}`).slice(0, 24)}`;
}

/** The short reference people type, from the id. */
export function transferRefFor(id: string): string {
  return `TR-${id.slice(-6).toUpperCase()}`;
}

/** The school day `days` school days after `date` (weekends and the pack's holidays skipped). */
export function schoolDaysAfter(date: string, days: number, calendar: Pick<SchoolCalendar, 'holidays'>): string {
  const open = (d: string) => isSchoolDay(d, new Date(`${d}T12:00:00Z`).getUTCDay(), calendar);
  let day = date;
  for (let left = days; left > 0; left--) {
    do day = addDays(day, 1);
    while (!open(day));
  }
  return day;
}
