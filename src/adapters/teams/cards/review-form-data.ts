/** The review form's view as the `review-form` card's data. */
import type { ReviewFormView } from '../../../core/filtering/review-form-view';

/** Template data for `cards/review-form`: the view, with its problems as a list of lines. */
export function reviewFormCardData(view: ReviewFormView): object {
  return {
    schoolId: view.schoolId,
    title: view.title,
    intro: view.intro,
    today: view.today,
    hasErrors: view.errors.length > 0,
    errors: view.errors.map((text) => ({ text })),
    items: view.items.map(({ id, inputId, question, value }) => ({ id, inputId, question, value })),
    outcomes: view.outcomes,
    values: view.values,
  };
}
