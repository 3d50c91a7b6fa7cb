/** The review reminder's view as the `review-reminder` card's data. */
import type { ReviewReminderView } from '../../../core/filtering/review-reminders-job';

/** Template data for `cards/review-reminder`: its lines, and the school for the button (an opaque id). */
export function reviewReminderCardData(view: ReviewReminderView): object {
  return { title: view.title, titleColor: view.overdue ? 'Attention' : 'Default', schoolId: view.schoolId, lines: view.lines.map((text) => ({ text })) };
}
