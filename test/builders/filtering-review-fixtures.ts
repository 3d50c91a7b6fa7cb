/** A filled-in yearly filtering and monitoring review (the shipped pack's checklist), for the review tests. */
export const ANSWERS = {
  roles: 'Adele Vance (head) and Diego Siciliani (governor); staff told at the September INSET.',
  'blocked-allowed': 'Provider defaults plus gambling; YouTube allowed for staff; two sites unblocked for lessons.',
  checks: 'Termly checks by Sam Reid with the SWGfL test tool; all passed; one gap closed in March.',
  alerts: '41 alerts, all triaged within a school day; 3 became cases.',
  changes: 'Add monitoring to the library laptops by January (network manager).',
};
