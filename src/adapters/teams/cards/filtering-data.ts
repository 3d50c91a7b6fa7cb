/** A filtering view (request, outcome, reminder, reply) as the `filtering` card's data. */
import type { FilteringView } from '../../../core/filtering/filtering-view';

export function filteringCardData(view: FilteringView) {
  return {
    title: view.title,
    lines: view.lines,
    facts: view.facts,
    askReason: view.askReason,
    actions: view.actions,
    schoolId: view.target?.schoolId ?? '',
    entryId: view.target?.entryId ?? '',
  };
}
