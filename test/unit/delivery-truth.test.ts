/**
 * Delivery that tells the truth, through core's outbox with a deliverer that answers as a platform
 * would: only what the platform acknowledged is "sent" and "reached"; whoever could not be reached is
 * named to the reporter; a channel nobody registered means the team are messaged directly; a safeguarding
 * team nobody could reach means the next on the chain is told. Then tasks: marked by their owner only,
 * reminded when overdue, and nags that never reach the subject.
 */
import { updateTask } from '../../src/core/incidents/update-task';
import { followUpDelivery } from '../../src/core/incidents/follow-up-delivery';
import { remindOverdueTasks } from '../../src/core/incidents/remind-overdue-tasks';
import type { CoreDeps } from '../../src/core/deps';
import { type Deliverer, type DeliveryResult, dispatchOutbox } from '../../src/core/delivery/dispatch-outbox';
import type { OutboxMessage, UnreachableReason } from '../../src/core/delivery/outbox';
import type { Incident } from '../../src/core/incidents/incident';
import { nagUrgentIncidents } from '../../src/core/incidents/nag-urgent';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { Actor } from '../../src/core/people/actor';
import type { Stored } from '../../src/ports/document-store';
import { tempDeps } from '../builders/temp-store';
import { teacher, walkReport } from '../builders/walk-wizard';

/** Answers like a platform: `reach` says who can be reached; everything else is unreachable. */
class PlatformDouble implements Deliverer {
  readonly delivered: OutboxMessage[] = [];
  constructor(private readonly reach: { channel: boolean; people: string[] }) {}
  async deliver(message: Stored<OutboxMessage>): Promise<DeliveryResult> {
    const to = message.to;
    const ok = (): DeliveryResult => {
      this.delivered.push(message);
      return { kind: 'sent', messageId: `m${this.delivered.length}` };
    };
    const no = (reason: UnreachableReason): DeliveryResult => ({ kind: 'unreachable', reason });
    if (to.kind === 'dsl-channel') return this.reach.channel ? ok() : no('no-channel');
    if (to.kind === 'holder') return this.reach.people.includes(to.holder.name) ? ok() : no('no-conversation');
    return ok();
  }
}

async function deliverAll(deps: CoreDeps, deliverer: Deliverer): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const { sent, retried } = await dispatchOutbox(deps.store, deps.clock, deliverer, { instanceId: 'test', afterEach: (m) => followUpDelivery(deps, m) });
    if (!sent && !retried) return;
  }
}

const outbox = (deps: CoreDeps, incident: Incident) => deps.store.query<OutboxMessage>('outbox', { schoolId: incident.schoolId, where: [{ field: 'incidentId', op: '=', value: incident.id }] });

async function report(deps: CoreDeps, procedureId: string, options: Parameters<typeof walkReport>[2] = {}): Promise<Stored<Incident>> {
  const { outcome } = await walkReport(deps, procedureId, options);
  if (outcome.kind !== 'submitted') throw new Error(`ended at ${outcome.kind}`);
  return outcome.incident as Stored<Incident>;
}

const actorFor = (name: string, teamsUserId: string): Actor => ({ platform: 'teams', userId: teamsUserId, name });
const SAM = actorFor('Sam Reid', 'user-id-3');

describe('receipts name only who was reached', () => {
  it('on a fresh school nobody is reached but the channel: the report says so and names whom to tell', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const incident = await report(deps, 'online-bullying-of-pupil');
      const platform = new PlatformDouble({ channel: true, people: [] });
      await deliverAll(deps, platform);
      const messages = await outbox(deps, incident);
      // Nothing is sent that the platform did not acknowledge.
      for (const m of messages.filter((x) => x.status === 'sent')) expect(platform.delivered.map((d) => d.id)).toContain(m.id);
      const report_ = messages.find((m) => m.message === 'delivery-report');
      expect(report_?.status).toBe('sent');
      const view = report_?.report;
      if (!view) throw new Error('no delivery report');
      // Reached: the safeguarding team, through the channel's acknowledged post. The DSL is also the
      // online-safety co-ordinator, whose own tasks came one-to-one and did not arrive: said so.
      expect(view.reached.every((l) => /safeguarding channel/.test(l))).toBe(true);
      expect(view.reached.join(' ')).toMatch(/Megan Bowen/);
      expect(view.notReached.join(' ')).toMatch(/Alex Wilber.*the safeguarding channel's card reached them, but not their other tasks/);
      // Everyone else with a part is named as not reached, with the reason, and the reporter is told to tell them.
      const others = incident.routing.people.filter((p) => !p.viaChannel);
      expect(others.length).toBeGreaterThan(0);
      for (const p of others) expect(view.notReached.join(' ')).toContain(p.name);
      expect(view.notReached.join(' ')).toMatch(/not opened a chat with the bot/);
      expect(view.advice.join(' ')).toMatch(/Please tell .* yourself, in person or by phone/);
      const saved = (await deps.store.get<Incident>('incidents', incident.schoolId, incident.id)) as Incident;
      expect(saved.chronology.map((c) => c.action)).toContain('told');
    } finally {
      await cleanup();
    }
  });

  it('everyone reached: the report lists them all and says everyone has their part', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const incident = await report(deps, 'inappropriate-site-unintentional');
      const names = incident.routing.people.map((p) => p.name);
      await deliverAll(deps, new PlatformDouble({ channel: true, people: names }));
      const view = (await outbox(deps, incident)).find((m) => m.message === 'delivery-report')?.report;
      expect(view?.notReached).toEqual([]);
      expect(view?.reached).toHaveLength(names.length);
      expect(view?.advice).toEqual(['Everyone who has a part in this has been given it.']);
    } finally {
      await cleanup();
    }
  });

  it('no safeguarding channel: the team are messaged one-to-one, and reached that way', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const incident = await report(deps, 'online-bullying-of-pupil');
      await deliverAll(deps, new PlatformDouble({ channel: false, people: ['Alex Wilber', 'Megan Bowen', 'Jaya Patel'] }));
      const messages = await outbox(deps, incident);
      expect(messages.find((m) => m.id === `${incident.id}:escalation`)?.status).toBe('unreachable');
      const leads = messages.filter((m) => m.id.includes(':lead:'));
      expect(leads.map((m) => (m.to.kind === 'holder' ? m.to.holder.name : '')).sort()).toEqual(['Alex Wilber', 'Jaya Patel', 'Megan Bowen']);
      expect(leads.every((m) => m.status === 'sent' && m.message === 'role-escalation')).toBe(true);
      const view = messages.find((m) => m.message === 'delivery-report')?.report;
      expect(view?.reached.join(' ')).toMatch(/Alex Wilber/);
      expect(view?.notReached.join(' ')).not.toMatch(/Alex Wilber/);
    } finally {
      await cleanup();
    }
  });

  it('a safeguarding concern that reaches nobody in the team goes along the chain, and the reporter hears it', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const incident = await report(deps, 'online-bullying-of-pupil', { immediateRisk: 'yes' });
      await deliverAll(deps, new PlatformDouble({ channel: false, people: ['Adele Vance'] }));
      const messages = await outbox(deps, incident);
      const standIn = messages.filter((m) => m.message === 'team-unreachable');
      expect(standIn.map((m) => (m.to.kind === 'holder' ? m.to.holder.name : ''))).toEqual(['Adele Vance']);
      expect(standIn[0]?.status).toBe('sent');
      const view = messages.find((m) => m.message === 'delivery-report')?.report;
      expect(view?.advice.join(' ')).toMatch(/Nobody in the safeguarding team could be reached/);
      expect(view?.notReached.join(' ')).toMatch(/Alex Wilber/);
    } finally {
      await cleanup();
    }
  });
});

describe('tasks people can finish', () => {
  it('the owner marks a task done; anyone else is refused and audited; "not needed" needs a reason', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const incident = await report(deps, 'inappropriate-site-unintentional');
      const task = incident.tasks.find((t) => t.ownerRole === 'it-technician');
      if (!task) throw new Error('no technician task');
      await expect(updateTask(deps, teacher, { schoolId: incident.schoolId, incidentId: incident.id, taskId: task.id, action: 'task-done' })).rejects.toMatchObject({ code: 'not-permitted' });
      const refused = (await deps.store.query<AuditEvent>('audit', { schoolId: incident.schoolId })).filter((a) => a.action === 'incident.task-done' && a.outcome === 'refused');
      expect(refused).toHaveLength(1);
      await expect(updateTask(deps, SAM, { schoolId: incident.schoolId, incidentId: incident.id, taskId: task.id, action: 'task-not-needed', values: { reason: ' ' } })).rejects.toMatchObject({
        code: 'invalid-input',
      });
      const unchanged = (await deps.store.get<Incident>('incidents', incident.schoolId, incident.id)) as Incident;
      expect(unchanged.tasks.find((t) => t.id === task.id)?.status).toBe('open');
      const saved = await updateTask(deps, SAM, { schoolId: incident.schoolId, incidentId: incident.id, taskId: task.id, action: 'task-done' });
      expect(saved.tasks.find((t) => t.id === task.id)).toMatchObject({ status: 'done', done: true, closedBy: { name: 'Sam Reid' } });
      expect(saved.chronology.at(-1)).toMatchObject({ action: 'task-done', by: { name: 'Sam Reid' } });
      await expect(updateTask(deps, SAM, { schoolId: incident.schoolId, incidentId: incident.id, taskId: task.id, action: 'task-done' })).rejects.toMatchObject({ code: 'task-closed' });
    } finally {
      await cleanup();
    }
  });

  it('an overdue task reminds its holder in school hours, once per round', async () => {
    const { deps, clock, cleanup } = await tempDeps(new Date('2026-11-23T10:00:00Z'));
    try {
      const incident = await report(deps, 'inappropriate-site-unintentional');
      const task = incident.tasks.find((t) => t.ownerRole === 'it-technician');
      if (!task) throw new Error('no technician task');
      expect(await remindOverdueTasks(deps)).toBe(0);
      clock.set(new Date(Date.parse(task.due) + 30 * 60_000));
      // Past the end of the school day: not now.
      const beforeHours = await remindOverdueTasks(deps);
      clock.set(new Date('2026-12-01T10:00:00Z'));
      const queued = await remindOverdueTasks(deps);
      expect(beforeHours + queued).toBeGreaterThan(0);
      expect(await remindOverdueTasks(deps)).toBe(0);
      const reminders = (await outbox(deps, incident)).filter((m) => m.message === 'task-reminder' && m.taskIds?.includes(task.id));
      expect(reminders.map((m) => (m.to.kind === 'holder' ? m.to.holder.name : '')).every((n) => n === 'Sam Reid')).toBe(true);
    } finally {
      await cleanup();
    }
  });
});

describe('urgent nags never reach the subject', () => {
  it('an unacknowledged urgent concern nags the channel, then the head', async () => {
    const { deps, clock, cleanup } = await tempDeps();
    try {
      const incident = await report(deps, 'online-bullying-of-pupil', { immediateRisk: 'yes' });
      await deliverAll(deps, new PlatformDouble({ channel: true, people: [] }));
      clock.advance(16 * 60_000);
      await nagUrgentIncidents(deps);
      const nags = (await outbox(deps, incident)).filter((m) => m.message === 'urgent-reminder');
      expect(nags.some((m) => m.to.kind === 'dsl-channel')).toBe(true);
      expect(nags.filter((m) => m.to.kind === 'holder').map((m) => (m.to.kind === 'holder' ? m.to.holder.name : ''))).toEqual(['Adele Vance']);
    } finally {
      await cleanup();
    }
  });

  it('a concern about the head teacher nags the chair and goes up to the trust, never to the head', async () => {
    const { deps, clock, cleanup } = await tempDeps();
    try {
      const incident = await report(deps, 'head-teacher-misuse', { choose: (q) => (q.id === 'what-kind' ? 'contact-with-pupil' : (q.options[0]?.value ?? '')) });
      // Make it urgent as the immediate-danger answer would.
      const { _etag, ...doc } = incident;
      await deps.store.replace<Incident>('incidents', { ...doc, routing: { ...doc.routing, urgent: true } }, _etag);
      clock.advance(16 * 60_000);
      await nagUrgentIncidents(deps);
      const all = await outbox(deps, incident);
      const names = all.filter((m) => m.to.kind === 'holder').map((m) => (m.to.kind === 'holder' ? m.to.holder.name : ''));
      expect(names).not.toContain('Adele Vance');
      expect(all.filter((m) => m.message === 'urgent-reminder').map((m) => (m.to.kind === 'holder' ? m.to.holder.name : ''))).toEqual(expect.arrayContaining(['Patti Fernandez', 'Dr Helen Carter']));
    } finally {
      await cleanup();
    }
  });
});
