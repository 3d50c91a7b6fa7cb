/**
 * The load behind `wizard_step_beside_digest`: inside the bot's own process, the weekly digest job runs
 * back to back while the parent times wizard steps. One run is what a Monday costs the bot: the job
 * queues each school's digest for its head and the trust view for the trust lead (51 messages), and the
 * bot's outbox delivers them as it always does, building every digest from the 100,000 incidents in its
 * store and rendering its card (the recipients have no chat with the bot here, so nothing leaves the
 * machine). Before the next run its messages are removed, so the job queues them afresh.
 */
import type { CoreDeps } from '../src/core/deps';
import type { OutboxMessage } from '../src/core/delivery/outbox';
import { queueWeeklyDigests } from '../src/core/digest/digest-jobs';
import { DIGEST_NOW } from './bench-incidents';

export interface DigestRuns {
  /** Runs started while the window was open, each complete (every digest tried); the last ends after it closes. */
  runs: number;
  window_ms: number;
  /** How long each run took. */
  run_ms: number[];
}

export interface DigestLoop {
  on(): Promise<{ on: true }>;
  /** Stops after the run under way and says what ran; rejects if a run failed or left a digest untried. */
  off(): Promise<DigestRuns | undefined>;
}

/** `flush` runs the bot's own outbox pass (and waits for one already running). */
export async function startDigestLoop(deps: CoreDeps, flush: () => Promise<void>): Promise<DigestLoop> {
  let running: Promise<void> | undefined;
  let stop = false;
  let failure: unknown;
  let opened = 0;
  let runMs: number[] = [];

  const oneRun = async () => {
    const started = Date.now();
    const old = await deps.store.query<OutboxMessage>('outbox', { where: [{ field: 'message', op: '=', value: 'weekly-digest' }] });
    await Promise.all(old.map((m) => deps.store.delete('outbox', m.schoolId, m.id)));
    const { queued } = await queueWeeklyDigests(deps, DIGEST_NOW);
    if (queued !== deps.pack.schools.length + 1) throw new Error(`the digest job queued ${queued} digests, not ${deps.pack.schools.length + 1}`);
    await flush();
    const untried = await deps.store.count('outbox', {
      where: [
        { field: 'message', op: '=', value: 'weekly-digest' },
        { field: 'attempts', op: '=', value: 0 },
      ],
    });
    if (untried) throw new Error(`the outbox left ${untried} digests untried in one pass`);
    runMs.push(Date.now() - started);
  };

  return {
    async on() {
      stop = false;
      failure = undefined;
      runMs = [];
      opened = Date.now();
      running = (async () => {
        while (!stop) await oneRun();
      })().catch((error: unknown) => {
        failure = error;
      });
      return { on: true };
    },
    async off() {
      if (!running) return undefined;
      stop = true;
      const windowMs = Date.now() - opened;
      await running;
      running = undefined;
      if (failure) throw failure;
      return { runs: runMs.length, window_ms: windowMs, run_ms: runMs };
    },
  };
}
