/** The digest in words, the same on Teams and Slack: sections of short lines, and the weekly chart's data. */
import { plural } from '../text/plural';
import { formatWallClock } from '../text/time-words';
import { addDays } from '../calendar/school-calendar';
import type { SchoolDigest } from './build-digest';
import { decisionLines } from './decision-counts';
import type { AlertCounts } from '../monitoring/alert-counts';

/** One line for the week's monitoring alerts: how many, by category, how many still to triage, how fast. */
export function alertLine(a: AlertCounts): string {
  const byCategory = Object.entries(a.byCategory)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c.replace(/-/g, ' ')}`)
    .join(', ');
  const fast = a.medianMinutesToTriage === undefined ? '' : `; median ${a.medianMinutesToTriage} minutes to triage`;
  return `${plural(a.total, 'alert')} (${byCategory}); ${a.untriaged} still to triage${fast}.`;
}

/** A heading and its short lines. */
export interface DigestSection {
  heading: string;
  lines: string[];
}

/** The digest in words, the same on every platform: the headline, the sections, the details and the chart's data. */
export interface DigestView {
  title: string;
  period: string;
  headline: string;
  sections: DigestSection[];
  /** Shown on "Details": the open escalations and overdue actions in full. */
  details: DigestSection[];
  /** `empty` is what to say instead of the chart when every week is nought. */
  chart: { title: string; bars: Array<{ label: string; value: number }>; altText: string; empty?: string };
}

/** "reported today", "1 day old", "9 days old". */
const age = (days: number) => (days <= 0 ? 'reported today' : `${plural(days, 'day')} old`);
const shortDate = (date: string) =>
  formatWallClock(date)
    .replace(/^\w+ /, '')
    .replace(/ \d{4}$/, '');

/** One school's digest in words, with the week's direction against the weeks before. Pure. */
export function describeDigest(d: SchoolDigest): DigestView {
  const previous = d.trend.slice(0, -1);
  const average = previous.length ? previous.reduce((n, w) => n + w.count, 0) / previous.length : 0;
  const direction = d.total > average * 1.25 + 0.5 ? 'more than' : d.total < average * 0.75 - 0.5 ? 'fewer than' : 'about the same as';
  const bars = d.trend.map((w) => ({ label: shortDate(w.week), value: w.count }));
  return {
    title: `Weekly online-safety digest: ${d.schoolName}`,
    period: `Last week: ${formatWallClock(d.week.start)} to ${formatWallClock(addDays(d.week.end, -1))}`,
    headline: `${plural(d.total, 'incident')} reported (${d.urgent} urgent, ${d.safeguarding} safeguarding): ${direction} the average of ${Math.round(average * 10) / 10} a week over the previous ${previous.length} weeks.${d.soFar ? ` So far this week: ${d.soFar}.` : ''}`,
    sections: [
      { heading: 'By type', lines: d.byProcedure.length ? d.byProcedure.map((p) => `${p.title}: ${p.count}${p.urgent ? ` (${p.urgent} urgent)` : ''}`) : ['Nothing reported this week.'] },
      {
        heading: 'Still open',
        lines: d.open.length
          ? [
              `${plural(d.open.length, 'incident')} open; the oldest ${age(d.open[0]?.ageDays ?? 0)}.`,
              ...(d.open.filter((o) => o.ageDays > 14).length ? [`${d.open.filter((o) => o.ageDays > 14).length} open for more than two weeks.`] : []),
            ]
          : ['Nothing is open.'],
      },
      {
        heading: 'Urgent, not acknowledged in time',
        lines: d.lateAcknowledgements.length
          ? d.lateAcknowledgements.map((l) => (l.minutes === undefined ? `${l.reference}: still not acknowledged` : `${l.reference}: acknowledged after ${l.minutes} minutes`))
          : ['None: every urgent concern was picked up in time.'],
      },
      { heading: 'Overdue actions', lines: d.overdueActions.length ? [`${plural(d.overdueActions.length, 'follow-up action')} overdue.`] : ['None.'] },
      {
        heading: 'Acceptable use agreements',
        lines: d.aup
          .filter((a) => a.active)
          .map((a) => `${a.title}: ${a.percent}% of ${a.active} signed${a.mostOverdue.length ? `; most overdue: ${a.mostOverdue.map((o) => `${o.name} (${plural(o.days, 'day')})`).join(', ')}` : ''}`),
      },
      { heading: 'Monitoring alerts', lines: d.alerts ? [alertLine(d.alerts)] : [] },
      { heading: 'What was decided and done', lines: decisionLines(d.decisions).length ? decisionLines(d.decisions) : ['Nothing recorded this week.'] },
      { heading: 'Worth a look', lines: d.patterns.length ? d.patterns : ['Nothing stands out.'] },
    ].filter((s) => s.lines.length),
    details: [
      { heading: 'Open incidents, oldest first', lines: d.open.slice(0, 25).map((o) => `${o.reference} · ${o.title} · ${o.status.replace(/-/g, ' ')} · ${age(o.ageDays)} · ${o.owner}`) },
      { heading: 'Overdue actions', lines: d.overdueActions.slice(0, 25).map((a) => `${a.reference}: ${a.task} (${plural(a.daysOverdue, 'day')} overdue)`) },
    ].filter((s) => s.lines.length),
    chart: {
      title: `Incidents per week, last ${bars.length} weeks`,
      bars,
      altText: `Incidents per week: ${bars.map((b) => `week of ${b.label}: ${b.value}`).join('; ')}.`,
      empty: bars.some((b) => b.value) ? undefined : `No incidents were reported in these ${bars.length} weeks.`,
    },
  };
}

/** The trust view: one short section per school, and the trust's incidents per week as the chart. */
export function describeTrustDigest(trustName: string, digests: SchoolDigest[]): DigestView {
  const first = digests[0];
  const weeks = first?.trend.map((w, i) => ({ label: shortDate(w.week), value: digests.reduce((n, d) => n + (d.trend[i]?.count ?? 0), 0) })) ?? [];
  const total = digests.reduce((n, d) => n + d.total, 0);
  return {
    title: `Weekly online-safety digest: ${trustName}`,
    period: first ? `Last week: ${formatWallClock(first.week.start)} to ${formatWallClock(addDays(first.week.end, -1))}` : '',
    headline: `${plural(total, 'incident')} reported across ${plural(digests.length, 'school')} (${digests.reduce((n, d) => n + d.urgent, 0)} urgent).`,
    sections: digests.map((d) => ({
      heading: d.schoolName,
      lines: [
        `${plural(d.total, 'incident')} this week (${d.urgent} urgent); ${plural(d.open.length, 'open incident')}${d.open[0] ? `, the oldest ${age(d.open[0].ageDays)}` : ''}.`,
        ...(d.lateAcknowledgements.length ? [`${plural(d.lateAcknowledgements.length, 'urgent concern')} not acknowledged in time.`] : []),
        ...d.aup.filter((a) => a.active).map((a) => `${a.title}: ${a.percent}% signed.`),
        ...decisionLines(d.decisions),
        ...d.patterns.slice(0, 2),
      ],
    })),
    details: [],
    chart: {
      title: `Incidents per week across the trust, last ${weeks.length} weeks`,
      bars: weeks,
      altText: `Incidents per week across the trust: ${weeks.map((b) => `week of ${b.label}: ${b.value}`).join('; ')}.`,
      empty: weeks.some((b) => b.value) ? undefined : `No incidents were reported in these ${weeks.length} weeks.`,
    },
  };
}
