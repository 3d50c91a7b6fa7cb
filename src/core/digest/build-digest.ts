/**
 * The weekly digest for a head teacher, built from the school's incidents and AUP register: counts by
 * procedure and urgency with the trend, open escalations and their age, urgent incidents not
 * acknowledged in time, overdue actions, AUP compliance, and patterns worth a look. Counts and
 * references only: never a pupil's name or anything a reporter wrote.
 */
import type { AudienceCompliance } from '../aup/aup-compliance';
import { daysBetween, localTime } from '../calendar/school-calendar';
import type { Incident } from '../incidents/incident';
import { taskStatus } from '../assignments/incident-task';
import type { School } from '../policy/schema';
import type { Week } from './digest-period';
import type { AlertCounts } from '../monitoring/alert-counts';
import { type DecisionCounts, countDecisions } from './decision-counts';

/** How many weeks the digest's trend shows, the digest's own week last. */
export const TREND_WEEKS = 8;

/** Everything one school's digest says, as counts and references: never a pupil's name or what a reporter wrote. */
export interface SchoolDigest {
  schoolId: string;
  schoolName: string;
  week: Week;
  /** Incidents reported in the week. */
  total: number;
  /** Reported since the week ended (a digest asked for mid-week). */
  soFar: number;
  urgent: number;
  safeguarding: number;
  byProcedure: Array<{ title: string; count: number; urgent: number }>;
  /** Incidents per week, oldest first, the digest's week last. */
  trend: Array<{ week: string; count: number }>;
  open: Array<{ reference: string; title: string; status: string; ageDays: number; owner: string }>;
  lateAcknowledgements: Array<{ reference: string; minutes: number | undefined }>;
  overdueActions: Array<{ reference: string; task: string; daysOverdue: number }>;
  aup: Array<{ audience: string; title: string; percent: number; active: number; mostOverdue: Array<{ name: string; days: number }> }>;
  patterns: string[];
  /**
   * What was decided and done in the week (parents, sanctions, referrals, LADO, reopened, type changes), on the
   * incidents read: those of the trend window and every open one. Counts only. (An incident reported before the
   * window and closed again by the digest's day is not read, so its decisions of that week are not counted.)
   */
  decisions: DecisionCounts;
  /** Monitoring alerts received in the week, in counts (set by `schoolDigest`; absent when none arrived). */
  alerts?: AlertCounts;
}

const localDate = (iso: string, timeZone: string) => localTime(new Date(iso), timeZone).date;
const inWeek = (date: string, week: Week) => date >= week.start && date < week.end;

/** Pure: everything the digest says, from incidents already read (the trend window and every open one). */
export function buildSchoolDigest(school: School, weeks: Week[], incidents: Incident[], aup: AudienceCompliance[], now: Date): SchoolDigest {
  const tz = school.timeZone;
  const week = weeks[weeks.length - 1] as Week;
  const dated = incidents.map((i) => ({ i, date: localDate(i.reportedAt, tz) }));
  const thisWeek = dated.filter((d) => inWeek(d.date, week)).map((d) => d.i);
  const byTitle = new Map<string, { count: number; urgent: number }>();
  for (const i of thisWeek) {
    const entry = byTitle.get(i.procedureTitle) ?? { count: 0, urgent: 0 };
    entry.count++;
    if (i.routing.urgent) entry.urgent++;
    byTitle.set(i.procedureTitle, entry);
  }
  const today = localTime(now, tz).date;
  const open = incidents
    .filter((i) => i.status !== 'closed')
    .map((i) => ({ reference: i.reference, title: i.procedureTitle, status: i.status, ageDays: daysBetween(localDate(i.reportedAt, tz), today), owner: i.owner?.name ?? 'Nobody yet' }))
    .sort((a, b) => b.ageDays - a.ageDays);
  const limitMs = school.urgent.escalateToHeadAfterMinutes * 60_000;
  const lateAcknowledgements = thisWeek
    .filter((i) => i.routing.urgent)
    .map((i) => ({ i, waited: (i.acknowledgedAt ? Date.parse(i.acknowledgedAt) : now.getTime()) - Date.parse(i.reportedAt) }))
    .filter(({ waited }) => waited > limitMs)
    .map(({ i, waited }) => ({ reference: i.reference, minutes: i.acknowledgedAt ? Math.round(waited / 60_000) : undefined }));
  const overdueActions = incidents
    .filter((i) => i.status !== 'closed')
    .flatMap((i) =>
      i.tasks
        .filter((t) => taskStatus(t) === 'open' && t.ownerRole !== 'reporter' && t.due < now.toISOString())
        .map((t) => ({ reference: i.reference, task: t.text, daysOverdue: Math.max(0, daysBetween(localDate(t.due, tz), today)) })),
    )
    .sort((a, b) => b.daysOverdue - a.daysOverdue);
  const trend = weeks.map((w) => ({ week: w.start, count: dated.filter((d) => inWeek(d.date, w)).length }));
  return {
    schoolId: school.id,
    schoolName: school.name,
    week,
    total: thisWeek.length,
    soFar: dated.filter((d) => d.date >= week.end).length,
    urgent: thisWeek.filter((i) => i.routing.urgent).length,
    safeguarding: thisWeek.filter((i) => i.routing.safeguarding).length,
    byProcedure: [...byTitle.entries()].map(([title, v]) => ({ title, ...v })).sort((a, b) => b.count - a.count || a.title.localeCompare(b.title)),
    trend,
    open,
    lateAcknowledgements,
    overdueActions,
    aup: aup.map((a) => ({ audience: a.audience, title: a.title, percent: a.percent, active: a.active, mostOverdue: a.overdue.slice(0, 3).map((o) => ({ name: o.name, days: o.days })) })),
    patterns: patternsOf(weeks, dated, tz),
    decisions: countDecisions(incidents, (iso) => inWeek(localDate(iso, tz), week)),
  };
}

/** A category rising, or the same device or class named again: counts only, never what was named. */
function patternsOf(weeks: Week[], dated: Array<{ i: Incident; date: string }>, _tz: string): string[] {
  const week = weeks[weeks.length - 1] as Week;
  const earlier = weeks.slice(-5, -1);
  const patterns: string[] = [];
  const titles = new Set(dated.filter((d) => inWeek(d.date, week)).map((d) => d.i.procedureTitle));
  for (const title of [...titles].sort()) {
    const now = dated.filter((d) => inWeek(d.date, week) && d.i.procedureTitle === title).length;
    const before = earlier.length ? dated.filter((d) => d.i.procedureTitle === title && earlier.some((w) => inWeek(d.date, w))).length / earlier.length : 0;
    if (now >= 3 && now >= 2 * Math.max(before, 0.5)) patterns.push(`${title}: ${now} this week, against about ${Math.round(before * 10) / 10} a week before.`);
  }
  const recent = dated.filter((d) => d.date >= (earlier[0] ?? week).start).map((d) => d.i);
  const repeats = (field: 'device' | 'where', words: string) => {
    const counts = new Map<string, number>();
    for (const i of recent) {
      const key = i.details[field]?.trim().toLowerCase().replace(/\s+/g, ' ');
      if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const n of [...counts.values()]
      .filter((c) => c >= 3)
      .sort((a, b) => b - a)
      .slice(0, 2)) {
      patterns.push(`${n} reports in the last 5 weeks named the same ${words}. The safeguarding team can see which in the full records.`);
    }
  };
  repeats('device', 'device or login');
  repeats('where', 'place or class');
  return patterns;
}
