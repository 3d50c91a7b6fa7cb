/** One set of action ids: the Teams card `verb` and the Slack `action_id` are these strings. */
export const ESCALATION_ACTIONS = ['acknowledge', 'assign', 'add-note', 'refer', 'no-referral', 'close', 'full-record'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

/** From the full record back to the escalation card: a read of the minimum, so not a change or an audited read. */
export const SHOW_SUMMARY = 'show-summary';

/** The wizard's button ids (Teams verbs and Slack action ids): next, back, cancel, submit. */
export const WIZARD_ACTIONS = { next: 'report-next', back: 'report-back', cancel: 'report-cancel', submit: 'report-submit' } as const;

/** The words on each escalation button and in the chronology. */
export const ESCALATION_LABELS: Record<EscalationAction, string> = {
  acknowledge: 'Acknowledge',
  assign: 'Assign',
  'add-note': 'Add note',
  refer: 'Refer',
  'no-referral': 'Decide not to refer',
  close: 'Close',
  'full-record': 'Full record',
};
