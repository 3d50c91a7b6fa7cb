/** The case list view → the `cases` card's data. */
import type { CasesView } from '../../../core/casefile/cases-view';

export function casesCardData(view: CasesView) {
  return {
    title: view.title,
    lines: view.lines,
    items: view.items.map((i) => ({ schoolId: i.schoolId, incidentId: i.incidentId, heading: i.heading, meta: i.meta, color: i.overdue ? 'Attention' : 'Default' })),
    // Only worth a choice when there are at least two types (besides "All types").
    hasTypes: view.types.length > 2,
    types: view.types,
    schoolId: view.schoolId,
  };
}
