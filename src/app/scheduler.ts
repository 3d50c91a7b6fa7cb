/**
 * Runs the scheduled jobs: each on its interval, only while this instance holds the job's lease, so
 * several instances run each job once. A run that fails is logged and tried again next time.
 */
import { randomUUID } from 'node:crypto';
import type { CoreDeps } from '../core/deps';
import { acquireLease, releaseLease } from '../core/scheduling/lease';
import type { ScheduledJob } from '../core/scheduling/scheduled-job';
import type { Logger } from '../ports/logger';

export interface Scheduler {
  /** Runs every job once now, if its lease can be had (tests and start-up catch-up). */
  runAll(): Promise<void>;
  /** Runs every job not run by any instance within half its interval (start-up). */
  catchUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `job` if this instance can take its lease. With `unlessRanWithinMs`, a run another instance
 * finished that recently counts as this one (instances starting together do not each catch up).
 */
export async function runJobOnce(deps: CoreDeps, job: ScheduledJob, owner: string, logger: Logger, options: { unlessRanWithinMs?: number } = {}): Promise<Record<string, number> | undefined> {
  const now = deps.clock.now();
  const lease = await acquireLease(deps.store, job.name, owner, now, job.leaseMs);
  if (!lease) return undefined;
  if (options.unlessRanWithinMs && lease.lastRunAt && now.getTime() - Date.parse(lease.lastRunAt) < options.unlessRanWithinMs) {
    await releaseLease(deps.store, lease, deps.clock.now(), { ran: false });
    return undefined;
  }
  try {
    const result = await job.run(deps, now);
    if (Object.values(result).some((n) => n > 0)) logger.info('job.ran', { job: job.name, ...result });
    return result;
  } finally {
    await releaseLease(deps.store, lease, deps.clock.now());
  }
}

export function startScheduler(deps: CoreDeps, jobs: ScheduledJob[], logger: Logger, options: { instanceId?: string; enabled?: boolean } = {}): Scheduler {
  const owner = options.instanceId ?? randomUUID();
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  // On its own schedule (and the start-up catch-up) a job another instance ran within half its
  // interval is not run again; `runAll` (tests, operators) runs regardless.
  const run = (job: ScheduledJob, unlessRanWithinMs?: number) => {
    running = running.then(() =>
      runJobOnce(deps, job, owner, logger, { unlessRanWithinMs }).catch((error) => logger.error('job.failed', { job: job.name, error: (error as Error).message.slice(0, 200) })),
    );
    return running;
  };
  const timers = options.enabled === false ? [] : jobs.map((job) => setInterval(() => void (stopped || run(job, job.everyMs / 2)), job.everyMs));
  return {
    async runAll() {
      for (const job of jobs) await run(job);
    },
    async catchUp() {
      for (const job of jobs) await run(job, job.everyMs / 2);
    },
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await running;
    },
  };
}
