/**
 * What a `delivery-report` (or `team-unreachable`) message tells its reader: who an incident reached,
 * who the bot is still trying and who it could not reach, in words (staff names and role titles only).
 * Core works it out from the outbox (`core/assignments/delivery-report.ts`); adapters draw it.
 */
/** The delivery report in words: one line per person in each list. */
export interface DeliveryReportView {
  reference: string;
  title: string;
  reached: string[];
  trying: string[];
  notReached: string[];
  /** What the reporter should do now, in plain words. */
  advice: string[];
}
