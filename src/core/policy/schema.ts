/**
 * The policy pack's shape, checked with zod when the pack loads. The pack is school-editable data:
 * the trust and its schools, roles named as each school names them, contacts, procedures and triage.
 */
import { z } from 'zod';

const text = z.string().trim().min(1);
const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by hyphens');

/**
 * Role keys the product knows by name (it routes concerns about staff, the head and the DSL on them).
 * Each school gives each its own title, and may add roles of its own (any lower-case key) to use in
 * its procedures and stand-in chains.
 */
export const ROLE_KEYS = [
  'dsl',
  'deputy-dsl',
  'esafety-lead',
  'head',
  'chair-of-governors',
  'it-technician',
  'senco',
  'dpo',
  'trust-safeguarding-lead',
  'filtering-lead',
  'online-safety-governor',
] as const;
export type BuiltInRoleKey = (typeof ROLE_KEYS)[number];
/** A role key as the pack writes it: lower-case words joined by hyphens. */
export const RoleKey = kebab;
/** A built-in role key or one a school defined. */
export type RoleKey = string;

/** External contacts a DSL may refer to or consult. */
export const CONTACT_KEYS = ['police-emergency', 'police', 'ceop', 'iwf', 'lado', 'childrens-social-care', 'prevent', 'la-online-safety', 'filtering-provider'] as const;
/** One of the contacts a pack may name. */
export const ContactKey = z.enum(CONTACT_KEYS);
export type ContactKey = z.infer<typeof ContactKey>;

/** Who an incident is about; drives routing away from anyone who might be the subject. */
export const SUBJECTS = ['pupil', 'staff', 'head', 'dsl', 'parent-or-public', 'unknown'] as const;
/** Who an incident is about, as the pack and the answers name it. */
export const Subject = z.enum(SUBJECTS);
export type Subject = z.infer<typeof Subject>;

/** A role holder as the pack names them: their name and at least one way to recognise them (email, Teams or Slack id). */
export const PersonIdentity = z
  .object({
    name: text,
    email: z.string().email().optional(),
    teamsUserId: text.optional(),
    slackUserId: text.optional(),
  })
  .strict()
  .refine((p) => p.email || p.teamsUserId || p.slackUserId, {
    message: 'give at least one of email, teamsUserId or slackUserId so the bot can recognise this person',
  });
export type PersonIdentity = z.infer<typeof PersonIdentity>;

/** A role at a school: the school's own title for it and who holds it. */
export const Role = z
  .object({
    title: text,
    holders: z.array(PersonIdentity).default([]),
  })
  .strict();
export type Role = z.infer<typeof Role>;

/** An external contact: its name and how to reach it. */
export const Contact = z
  .object({
    name: text,
    phone: text.optional(),
    url: z.string().url().optional(),
    email: z.string().email().optional(),
    notes: text.optional(),
  })
  .strict();
export type Contact = z.infer<typeof Contact>;

/** One category of the sanctions table: its title, the kind of breach it covers, and what may be done, in the school's words. */
export const SanctionLevel = z
  .object({
    title: z.string().trim().min(1).max(80),
    meaning: z.string().trim().min(1).max(400),
    actions: z
      .array(z.string().trim().min(1).max(120))
      .min(1)
      .max(12)
      .refine((list) => new Set(list).size === list.length, 'each action once'),
  })
  .strict();
export type SanctionLevel = z.infer<typeof SanctionLevel>;

/** The sanctions table: pupil categories A–D and staff categories A–B, least to most serious. */
export const SanctionsTable = z
  .object({
    pupil: z.object({ A: SanctionLevel, B: SanctionLevel, C: SanctionLevel, D: SanctionLevel }).strict(),
    staff: z.object({ A: SanctionLevel, B: SanctionLevel }).strict(),
  })
  .strict();
export type SanctionsTable = z.infer<typeof SanctionsTable>;

/** A school's own wording for some categories of the table (each category it names replaces the pack's whole). */
export const SanctionsOverride = z
  .object({
    pupil: z.object({ A: SanctionLevel, B: SanctionLevel, C: SanctionLevel, D: SanctionLevel }).partial().strict().default({}),
    staff: z.object({ A: SanctionLevel, B: SanctionLevel }).partial().strict().default({}),
  })
  .strict();
export type SanctionsOverride = z.infer<typeof SanctionsOverride>;

/** One category of site the school never unblocks, with the words and domains that recognise it in an address. */
export const ForbiddenCategory = z
  .object({
    key: kebab,
    /** How the refusal names it ("gambling"). */
    label: text,
    /** Words that, found in an address (its host or path), mean this category. Lower case. */
    words: z.array(z.string().regex(/^[a-z0-9-]{3,40}$/)).default([]),
    /** Domains (and their sub-domains) that are this category. */
    domains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).default([]),
  })
  .strict();
export type ForbiddenCategory = z.infer<typeof ForbiddenCategory>;

/**
 * A school's web filtering rules (`filtering` on a school in `pack.yaml`): who approves an unblock
 * request (any holder of these roles; the default is the technician), the categories never unblocked,
 * and the school's lesson times (for "for the lesson" and "for period 3"). Defaults in `core/filtering`.
 */
export const FilteringRules = z
  .object({
    approvers: z.array(RoleKey).min(1).max(5).optional(),
    forbidden: z.array(ForbiddenCategory).max(40).optional(),
    /** The school day's lessons in order, as HH:mm. */
    lessons: z
      .array(
        z
          .object({
            period: z.string().regex(/^[A-Za-z0-9]{1,10}$/),
            start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
            end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
          })
          .strict(),
      )
      .max(16)
      .optional(),
  })
  .strict();
export type FilteringRules = z.infer<typeof FilteringRules>;

/** One school in the pack: its roles, contacts, time zone, reference prefix and the rules it sets for itself. */
export const School = z
  .object({
    id: kebab,
    name: text,
    /** Reference numbers look like `ES-2026-0042`. */
    referencePrefix: z
      .string()
      .regex(/^[A-Z]{2,6}$/)
      .default('ES'),
    /** How pupils are recorded in incidents: initials only (default) or full names. */
    pupilNames: z.enum(['initials', 'full-names']).default('initials'),
    timeZone: text.default('Europe/London'),
    /** Staff whose email ends with one of these domains belong to this school. */
    emailDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).default([]),
    /**
     * The Microsoft 365 tenant ids and Slack team (workspace) ids this school's people come from. Once any
     * school lists them for a platform, a request from anywhere else on it is refused and stores nothing.
     */
    tenants: z
      .object({ teams: z.array(text).default([]), slack: z.array(z.string().regex(/^[TE][A-Z0-9]{2,20}$/, 'a Slack team id looks like T01234ABC')).default([]) })
      .strict()
      .default({}),
    roles: z.record(RoleKey, Role),
    contacts: z.record(ContactKey, Contact).default({}),
    /** The school's own wording for some sanction categories, over the pack's table. */
    sanctions: SanctionsOverride.optional(),
    /**
     * A child's file (`pupil <name>`): the roles that may open it (the DSL and deputies unless the school
     * says otherwise) and whether it shows the child's UPN.
     */
    childFile: z
      .object({ readers: z.array(RoleKey).min(1).default(['dsl', 'deputy-dsl']), showUpn: z.boolean().default(false) })
      .strict()
      .default({}),
    /** Where DSL escalation cards go, if not registered from chat. */
    dslChannel: z.object({ teams: text.optional(), slack: text.optional() }).strict().default({}),
    urgent: z
      .object({
        renotifyMinutes: z.number().int().min(1).max(120).default(5),
        escalateToHeadAfterMinutes: z.number().int().min(1).max(480).default(15),
      })
      .strict()
      .default({}),
    /** Web filtering: who approves unblock requests, what is never unblocked, the lesson times. */
    filtering: FilteringRules.optional(),
  })
  .strict();
export type School = z.infer<typeof School>;

/** `keep` (never deleted by the bot) or a period such as `30 days`, `6 months`, `25 years`. */
export const KeepFor = z.union([z.literal('keep'), z.string().regex(/^[1-9]\d{0,3} (day|days|month|months|year|years)$/, 'write "keep" or a period such as "30 days", "6 months" or "25 years"')]);
export type KeepFor = z.infer<typeof KeepFor>;

/** How long each kind of record is kept, school by school (`keep` or a period). */
export const RetentionRules = z
  .object({
    /** Reports started and never sent, and finished wizards (the incident holds what was sent). From the last change. */
    'wizard-drafts': KeepFor.default('30 days'),
    /** Closed incident records, from the day they were closed. Safeguarding records: as the school's policy says. */
    'closed-incidents': KeepFor.default('keep'),
    /** The audit trail, from each event. */
    audit: KeepFor.default('keep'),
    /** Messages delivered (and where each copy was posted), from delivery; never while their incident is open. */
    'delivered-messages': KeepFor.default('90 days'),
    /** The AUP register entry, signatures and chat address of someone who has left, from the day they left. */
    leavers: KeepFor.default('keep'),
    /** A pupil's register entry (names, year, class, date of birth) once they have left, from the import that found them gone. */
    'pupil-leavers': KeepFor.default('1 year'),
    /** The log of a child's file handed on to a new school (with the copy as sent), from the day its receipt was recorded; never while awaiting receipt. */
    transfers: KeepFor.default('keep'),
    /** The yearly filtering and monitoring reviews, from the day each took place; never the school's latest (it sets when the next is due). */
    reviews: KeepFor.default('keep'),
  })
  .strict()
  .default({});
export type RetentionRules = z.infer<typeof RetentionRules>;

/**
 * The yearly review of filtering and monitoring (`filteringReview` in `pack.yaml`): the checklist in the
 * school's own words (one short question per item, answered when the review is recorded), when a school
 * with no review yet first has one due, and how long before it is due the reminders start.
 */
export const FilteringReviewPolicy = z
  .object({
    items: z
      .array(z.object({ id: kebab, question: z.string().trim().min(1).max(300) }).strict())
      .min(1)
      .max(20)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, { message: 'each checklist item needs its own id' }),
    /** For each school (by id) with no review recorded yet: the date (YYYY-MM-DD) its first review is due. */
    firstDue: z.record(kebab, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write a date as YYYY-MM-DD')).default({}),
    /** Reminders start this many days before the review is due, then once a week until it is recorded. */
    remindDaysBefore: z.number().int().min(1).max(120).default(30),
  })
  .strict();
export type FilteringReviewPolicy = z.infer<typeof FilteringReviewPolicy>;

/** The pack's `pack.yaml`: its version, the trust and its schools, shared contacts, the digest's schedule and retention. */
export const PackManifest = z
  .object({
    version: text,
    trust: z.object({ id: kebab, name: text, roles: z.record(RoleKey, Role).default({}) }).strict(),
    /**
     * Who takes a role's tasks when its holders may be the subject of the concern (or it has none):
     * for each role, the roles to try in order. `default` is for any role not listed.
     */
    chains: z.record(RoleKey, z.array(RoleKey).min(1)).default({}),
    /** Contacts shared by every school unless a school overrides one. */
    contacts: z.record(ContactKey, Contact).default({}),
    schools: z.array(School).min(1),
    /** When the weekly digest goes to head teachers (and the trust view to the trust safeguarding lead). */
    digest: z
      .object({
        /** 1 Monday … 5 Friday. */
        weekday: z.number().int().min(1).max(5).default(1),
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
          .default('08:00'),
      })
      .strict()
      .default({}),
    /** How long each kind of record is kept (see `core/retention`); the school's records policy decides. */
    retention: RetentionRules,
    /** The sanctions table every school uses unless it words a category its own way (a built-in table when the pack has none). */
    sanctions: SanctionsTable.optional(),
    /** The yearly filtering and monitoring review's checklist and reminders (none when the pack leaves it out). */
    filteringReview: FilteringReviewPolicy.optional(),
  })
  .strict();
export type PackManifest = z.infer<typeof PackManifest>;

/** The effect an answer has on the report: who it is about, how urgent, or a better-fitting procedure. */
export const AnswerEffect = z
  .object({
    subject: Subject.optional(),
    safeguarding: z.boolean().optional(),
    urgent: z.boolean().optional(),
    switchTo: kebab.optional(),
  })
  .strict();
export type AnswerEffect = z.infer<typeof AnswerEffect>;

/** A branching question of a procedure, each option with its effect on the report. */
export const Question = z
  .object({
    id: kebab,
    text,
    help: text.optional(),
    options: z.array(z.object({ value: kebab, label: text, sets: AnswerEffect.default({}) }).strict()).min(2),
    /** Ask only when an earlier question had this answer. */
    when: z.object({ question: kebab, answer: kebab }).strict().optional(),
  })
  .strict();
export type Question = z.infer<typeof Question>;

/** The details a procedure's form may ask for. */
export const FIELD_IDS = ['when', 'where', 'pupils', 'staff', 'device', 'url', 'description', 'evidence'] as const;
/** One of the details a form may ask for. */
export const FieldId = z.enum(FIELD_IDS);
export type FieldId = z.infer<typeof FieldId>;

/** A field of a procedure's form: which detail, whether it is required, and the school's own label and help. */
export const Field = z.object({ id: FieldId, required: z.boolean().default(false), label: text.optional(), help: text.optional() }).strict();
export type Field = z.infer<typeof Field>;

/** A time a task is due in: `now`, `today` (the end of the school day), or a period such as `72 hours`. */
export const DueIn = z.union([
  z.literal('now'),
  z.literal('today'),
  z.string().regex(/^[1-9]\d{0,3} (minute|minutes|hour|hours|day|days)$/, 'write "now", "today" or a period such as "72 hours" or "5 days"'),
]);
export type DueIn = z.infer<typeof DueIn>;

/** A follow-up step of a procedure: what to do, which role does it (or the reporter), and when it is due. */
export const Step = z
  .object({
    by: RoleKey,
    text,
    /** When the task is due, if not by the incident's priority (urgent: within the hour; today; routine: 5 days). */
    due: DueIn.optional(),
    /** Only when an earlier question had this answer. */
    when: z.object({ question: kebab, answer: kebab }).strict().optional(),
  })
  .strict();
export type Step = z.infer<typeof Step>;

/** The families procedures are grouped in (the UK's content, contact, conduct, plus staff and data). */
export const FAMILIES = ['content', 'contact', 'conduct', 'staff', 'data-and-systems'] as const;

/** One procedure, a versioned document: triage words, questions, guidance, the form, steps and who is told. */
export const Procedure = z
  .object({
    id: kebab,
    title: text,
    /** The plain words a teacher picks from "What happened?". */
    triage: text,
    family: z.enum(FAMILIES),
    safeguarding: z.boolean(),
    /** Ask "is a child in immediate danger?" before anything else. */
    askImmediateRisk: z.boolean(),
    defaultSubject: Subject.default('pupil'),
    questions: z.array(Question).default([]),
    guidance: z.object({ do: z.array(text).min(1), dont: z.array(text).min(1) }).strict(),
    fields: z.array(Field).min(1),
    /** Images must never be uploaded for this procedure; the reason is shown on the form. */
    noUploads: z.object({ reason: text }).strict().optional(),
    /** Whether files (screenshots, documents) may be added to the case as evidence; a procedure that does not say refuses them. */
    evidenceUploads: z.enum(['allowed', 'refused']).optional(),
    /** Why files are refused, in words the person sees when an upload is turned away (nothing of it is kept). */
    evidenceRefusalReason: text.optional(),
    steps: z.array(Step).min(1),
    /** Roles told for information only: a role that holds a task here is told its task instead. */
    notify: z.array(RoleKey).default([]),
    /** How soon the work is due when nothing makes it urgent: `today` or `routine` (safeguarding concerns are `today`). */
    priority: z.enum(['today', 'routine']).optional(),
    /** The role that leads it (owns the case card), unless it is about an adult at school; by default the DSL for safeguarding, else the online-safety lead. */
    lead: RoleKey.optional(),
    contacts: z.array(ContactKey).default([]),
    evidence: text,
    sanctions: text.optional(),
    /** Which seed policies this procedure was written from. */
    sources: z.array(text).min(1),
    /**
     * A report under this procedure is itself a change to note in the web filter's log: one entry of this
     * kind (only `breach`), naming the site from the form's `what` field (else "reported breach").
     */
    filteringLog: z
      .object({ kind: z.literal('breach'), what: FieldId.optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((p) => p.fields.some((f) => f.id === 'description' && f.required), {
    message: 'every procedure needs a required "description" field',
    path: ['fields'],
  })
  .refine((p) => !p.filteringLog?.what || p.fields.some((f) => f.id === p.filteringLog?.what), {
    message: "filteringLog.what must name one of the procedure's fields",
    path: ['filteringLog', 'what'],
  });
export type Procedure = z.infer<typeof Procedure>;

/** The guided "Not sure" path: short questions that lead to a procedure. */
export const TriageNode = z
  .object({
    text,
    options: z
      .array(
        z
          .object({ label: text, next: kebab.optional(), procedure: kebab.optional() })
          .strict()
          .refine((o) => Boolean(o.next) !== Boolean(o.procedure), {
            message: 'each option needs exactly one of "next" or "procedure"',
          }),
      )
      .min(2),
  })
  .strict();
/** The "What happened?" menu, the danger path and the guided "Not sure" questions. */
export const Triage = z
  .object({
    /** The order of procedures on "What happened?"; any not listed follow in file order. */
    menu: z.array(kebab).default([]),
    /** The procedure "A child is in danger right now" leads to, after the what-to-do-first advice. */
    danger: kebab.optional(),
    start: kebab,
    nodes: z.record(kebab, TriageNode),
  })
  .strict();
export type Triage = z.infer<typeof Triage>;

/** A loaded, validated pack. */
export interface PolicyPack {
  version: string;
  /** The Acceptable Use Policy documents and reminder rules (`aup.yaml`). */
  aup: import('./aup-policy').AupPolicy;
  trust: PackManifest['trust'];
  chains: PackManifest['chains'];
  contacts: PackManifest['contacts'];
  schools: School[];
  digest: PackManifest['digest'];
  retention: RetentionRules;
  /** The pack's sanctions table, when it has one (see `sanctionsFor` in `sanctions.ts`). */
  sanctions?: SanctionsTable;
  /** The yearly filtering and monitoring review's checklist and reminders (`filteringReview` in `pack.yaml`). */
  filteringReview?: FilteringReviewPolicy;
  procedures: Procedure[];
  triage: Triage;
}
