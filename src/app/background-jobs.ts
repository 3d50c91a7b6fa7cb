/** The loops that run beside the HTTP server: deliver the outbox and nag about urgent incidents. */
import { randomUUID } from 'node:crypto';
import type { CoreDeps } from '../core/deps';
import { type Deliverer, dispatchOutbox } from '../core/delivery/dispatch-outbox';
import { nagUrgentIncidents } from '../core/incidents/nag-urgent';
import { followUpDelivery } from '../core/incidents/follow-up-delivery';
import { followUpShare } from '../core/casefile/share-case';
import { remindOverdueTasks } from '../core/incidents/remind-overdue-tasks';
import type { Logger } from '../ports/logger';

export interface BackgroundJobs {
  /** Runs one outbox pass now (tests and shutdown use it). */
  flush(): Promise<void>;
  /**
   * Stops the loops. A pass under way ends after the message it is sending (a long backlog does not hold
   * up a shutdown); whatever it had not claimed stays pending in the store for the next start.
   */
  stop(): Promise<void>;
}

export function startBackgroundJobs(deps: CoreDeps, deliverer: Deliverer, logger: Logger, intervals: { outboxMs: number; nagMs: number }): BackgroundJobs {
  const instanceId = randomUUID();
  let running: Promise<void> = Promise.resolve();
  /** A pass queued behind the one running: at most one waits, so a busy outbox never builds a backlog of passes. */
  let waiting: Promise<void> | undefined;
  let stopped = false;
  const pass = () => {
    if (waiting) return waiting;
    waiting = running = running.then(async () => {
      waiting = undefined;
      try {
        // What one pass delivers can queue more (a delivery report, the team messaged directly): a few more passes send it now.
        for (let round = 0; round < 4 && !stopped; round++) {
          const { sent, retried } = await dispatchOutbox(deps.store, deps.clock, deliverer, {
            instanceId,
            afterEach: async (m) => {
              await followUpDelivery(deps, m);
              await followUpShare(deps, m);
            },
            shouldStop: () => stopped,
          });
          if (sent || retried) logger.info('outbox.pass', { sent, retried });
          if (!sent && !retried) break;
        }
      } catch (error) {
        logger.error('outbox.pass-failed', { error: (error as Error).message.slice(0, 200) });
      }
    });
    return running;
  };
  const nag = async () => {
    try {
      const queued = await nagUrgentIncidents(deps);
      if (queued) logger.warn('urgent.reminders-queued', { queued });
      const reminders = await remindOverdueTasks(deps);
      if (reminders) logger.info('tasks.reminders-queued', { queued: reminders });
    } catch (error) {
      logger.error('urgent.nag-failed', { error: (error as Error).message.slice(0, 200) });
    }
  };
  const outboxTimer = setInterval(() => void (stopped || pass()), intervals.outboxMs);
  const nagTimer = setInterval(() => void (stopped || nag()), intervals.nagMs);
  return {
    flush: pass,
    async stop() {
      stopped = true;
      clearInterval(outboxTimer);
      clearInterval(nagTimer);
      await running;
    },
  };
}
