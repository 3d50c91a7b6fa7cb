/**
 * The Acceptable Use Policy part of the policy pack (`policy/aup.yaml`): one document per audience, each
 * version saying whether it is a material change (everyone re-signs within its grace period), the
 * re-signing interval, the reminder rules, and the school calendar reminders keep to.
 */
import { z } from 'zod';

/** Who an agreement can be for. */
export const AUDIENCES = ['staff', 'visitor', 'parent', 'pupil'] as const;
/** Who an agreement is for: staff, visitor, parent or pupil. */
export const Audience = z.enum(AUDIENCES);
export type Audience = z.infer<typeof Audience>;

const text = z.string().trim().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-09-01');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 08:00');

/** One version of an agreement: when it was published, whether everyone must sign it again, and its summary and text. */
export const AupVersion = z
  .object({
    version: text,
    published: isoDate,
    /** A material change: everyone who signed an earlier version signs again within `graceDays`. */
    material: z.boolean(),
    graceDays: z.number().int().min(0).max(365).default(14),
    /** The plain-language summary shown in chat. */
    summary: z.array(text).min(1),
    /** The whole agreement: a link to it, or its text (the text is what the signature's hash covers). */
    url: z.string().url().optional(),
    text: text.optional(),
  })
  .strict()
  .refine((v) => v.url || v.text, { message: 'give the agreement as a url or as text' });
export type AupVersion = z.infer<typeof AupVersion>;

/** One audience's agreement, with its versions oldest first. */
export const AupDocument = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    audience: Audience,
    title: text,
    /** Oldest first; the current version is the latest already published. */
    versions: z.array(AupVersion).min(1),
  })
  .strict();
export type AupDocument = z.infer<typeof AupDocument>;

/** The whole `aup.yaml`: how often to re-sign, the reminder rules, the school calendar they keep to, and the documents. */
export const AupPolicy = z
  .object({
    /** Months between signatures (the seeds say every year). */
    resignMonths: z.number().int().min(1).max(36).default(12),
    reminders: z
      .object({
        /** Days before the due date on which a reminder goes out. */
        daysBefore: z.array(z.number().int().min(1).max(60)).default([14, 3]),
        /** After the due day, a reminder every this many days. */
        overdueEveryDays: z.number().int().min(1).max(30).default(7),
        /** Days overdue before the online-safety lead is told, then the head teacher. */
        escalateToLeadAfterDays: z.number().int().min(1).max(120).default(14),
        escalateToHeadAfterDays: z.number().int().min(1).max(180).default(28),
        /** At most this many reminders to one person in any 7 days. */
        maxPerWeek: z.number().int().min(1).max(7).default(2),
      })
      .strict()
      .default({}),
    /** Reminders go out only in these hours on school days (Europe/London unless the school says otherwise). */
    workingHours: z
      .object({ start: clockTime.default('08:00'), end: clockTime.default('17:00') })
      .strict()
      .default({}),
    /** School holidays (inclusive); no reminders on these days or at weekends. */
    holidays: z.array(z.object({ name: text, from: isoDate, to: isoDate }).strict()).default([]),
    documents: z.array(AupDocument).default([]),
  })
  .strict()
  .refine((p) => p.reminders.escalateToHeadAfterDays > p.reminders.escalateToLeadAfterDays, {
    message: 'escalateToHeadAfterDays must be later than escalateToLeadAfterDays',
    path: ['reminders'],
  });
export type AupPolicy = z.infer<typeof AupPolicy>;

/** The version in force on `today` (YYYY-MM-DD): the latest already published. A school may add next term's in advance. */
export function currentVersion(doc: AupDocument, today: string): AupVersion {
  const published = doc.versions.filter((v) => v.published <= today);
  return (published[published.length - 1] ?? doc.versions[0]) as AupVersion;
}

/** The agreement for an audience, if the pack has one. */
export function documentFor(policy: AupPolicy, audience: Audience): AupDocument | undefined {
  return policy.documents.find((d) => d.audience === audience);
}
