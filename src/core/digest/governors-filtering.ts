/**
 * The governors' report's "Filtering and monitoring" section: the filtering log in counts, monitoring
 * alerts by category with the median time to triage, the date and outcome of the last yearly review, and
 * AUP compliance today. Counts, dates and outcomes only: no names, addresses or anything anyone wrote.
 */
import { aupComplianceFor } from '../aup/aup-compliance';
import { localDayStart } from '../calendar/local-day';
import { addDays } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { lastReview, nextReviewDue, OUTCOME_WORDS } from '../filtering/filtering-review';
import { filteringCounts } from '../filtering/filtering-counts';
import type { FilteringKind } from '../filtering/filtering-entry';
import { alertCounts } from '../monitoring/alert-counts';
import type { School } from '../policy/schema';

const KIND_WORDS: Record<FilteringKind, string> = {
  unblock: 'unblock requests',
  're-block': 're-blocks',
  block: 'new blocks',
  'category-change': 'category changes',
  breach: 'breaches reported',
};

/** The section's lines for one school between two dates (YYYY-MM-DD, inclusive, the school's local days); the caller checks who may read it. */
export async function filteringMonitoringLines(deps: CoreDeps, school: School, from: string, to: string): Promise<string[]> {
  const filtering = await filteringCounts(deps, school.id, from, to, school.timeZone);
  const changes = Object.values(filtering.byKind).reduce((a, b) => a + b, 0);
  const kinds = (Object.entries(filtering.byKind) as Array<[FilteringKind, number]>).map(([k, n]) => `${KIND_WORDS[k] ?? k} ${n}`).join(', ');
  const alerts = await alertCounts(deps, school.id, localDayStart(from, school.timeZone), localDayStart(addDays(to, 1), school.timeZone));
  const categories = Object.entries(alerts.byCategory)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c.replace(/-/g, ' ')} ${n}`)
    .join(', ');
  const triage = alerts.medianMinutesToTriage === undefined ? 'none triaged yet' : `median time to triage ${alerts.medianMinutesToTriage} ${alerts.medianMinutesToTriage === 1 ? 'minute' : 'minutes'}`;
  const last = await lastReview(deps, school.id);
  const policy = deps.pack.filteringReview;
  const due = policy ? nextReviewDue(policy, school.id, last) : undefined;
  const review = last
    ? `Last filtering and monitoring review: ${last.date}, ${OUTCOME_WORDS[last.outcome].toLowerCase()}${due ? `; the next is due by ${due}` : ''}.`
    : `No filtering and monitoring review is recorded yet${due ? `; the first is due by ${due}` : ''}.`;
  const aup = await aupComplianceFor(deps, school, deps.clock.now());
  return [
    // Every entry of the log: an unblock request counts once it is asked, whatever the answer.
    `Filtering log entries: ${changes} (${kinds}). Unblock requests approved: ${filtering.unblocksApproved}, refused: ${filtering.unblocksRefused}; blocked again late: ${filtering.reBlockedLate}.`,
    `Monitoring alerts: ${alerts.total}${categories ? ` (${categories})` : ''}; ${triage}; still to triage: ${alerts.untriaged}.`,
    review,
    // Nobody on the register for an agreement is not "100% signed": say there is nobody to sign it.
    ...aup.map((a) =>
      a.active
        ? `AUP today, ${a.title}: ${a.signed} of ${a.active} signed and in date (${a.percent}%), ${a.overdue.length} overdue.`
        : `AUP today, ${a.title}: nobody on the register needs to sign it yet.`,
    ),
  ];
}
