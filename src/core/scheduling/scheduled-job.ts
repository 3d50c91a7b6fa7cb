/**
 * A job the scheduler runs: declared beside its use case with how often it runs. Jobs are written so a
 * run computes what is due from the clock and the store, so a missed run (downtime) is caught up by the
 * next one, and everything they send has a fixed id, so a repeated run sends nothing twice.
 */
import type { CoreDeps } from '../deps';

/** A job the scheduler runs on one instance at a time; `run` returns counts for the log. */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** The zone the job's own rules use (working hours, school days). */
  timeZone: string;
  /** How long one run may hold the lease before another instance may take over. */
  leaseMs: number;
  run(deps: CoreDeps, now: Date): Promise<Record<string, number>>;
}
