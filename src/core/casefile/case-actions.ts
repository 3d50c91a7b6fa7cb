/**
 * The case file's button ids (the Teams card `verb` and the Slack `action_id`), one list for every
 * section of the full record and the child's file. Each module adds its own; the platforms route
 * every id here to the case file's handlers, and card tests allow exactly these.
 */

/** Every case-file action id. */
export const CASE_ACTIONS: string[] = [
  // A child's file: open it (from a match or the pupils section) and page back.
  'pupil-file-open',
  'pupil-file-older',
  // Sharing a case with a colleague.
  'share-open-form',
  'share-save',
  'share-revoke',
  'share-task-done',
  // Handing a child's file on: choose the pupil among several matches; record the new school's receipt.
  'transfer-pupil',
  'transfer-receipt',
  'transfer-link',
  // One incident's record as a PDF, from the full record (its leads).
  'incident-export',
  // The DSL's case list: narrow it to one type (choice: the type's id, or all).
  'cases-filter',
  // What was decided and done: each button opens its form; every form saves through decision-save.
  'decision-parents',
  'decision-parents-not',
  'decision-sanction',
  'decision-referral',
  'decision-lado',
  'decision-reopen',
  'decision-type',
  'decision-save',
  // The pupils section: change a pupil's part, take one off, add one (its form's search), and every form's save.
  'pupil-link-change',
  'pupil-link-remove',
  'pupil-link-add',
  'pupil-link-search',
  'pupil-link-save',
  // Evidence: open one file (ref = its id), how to add one; the device-custody form and its save.
  'evidence-open',
  'evidence-how',
  'custody-form',
  'custody-save',
];
