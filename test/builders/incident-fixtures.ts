/** Incidents generated straight into a store, for digest tests and the digest benchmark. */
import type { Incident } from '../../src/core/incidents/incident';
import type { PolicyPack } from '../../src/core/policy/schema';

/** A pupil's name and initials put in every generated incident's details: no digest or report may show them. */
export const PUPIL_NAME = 'Jamie Smithers';
export const PUPIL_INITIALS = 'J.Sm.';

/** A deterministic pseudo-random sequence, so a failing figure can be reproduced. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateIncident(pack: PolicyPack, schoolId: string, n: number, reportedAt: Date, random: () => number): Incident {
  const procedure = pack.procedures[Math.floor(random() * pack.procedures.length)]!;
  const urgent = random() < 0.15;
  const closed = random() < 0.6;
  const acknowledgedAt = random() < 0.9 ? new Date(reportedAt.getTime() + Math.floor(random() * 40) * 60_000).toISOString() : undefined;
  return {
    id: `inc-${schoolId}-${n}`,
    schoolId,
    reference: `ES-${reportedAt.getUTCFullYear()}-${String(n).padStart(4, '0')}`,
    procedureId: procedure.id,
    procedureTitle: procedure.title,
    packVersion: pack.version,
    reporter: { platform: 'teams', userId: `t${n % 40}`, name: `Teacher ${n % 40}` },
    reportedAt: reportedAt.toISOString(),
    details: { pupils: PUPIL_INITIALS, description: `${PUPIL_NAME} showed me messages.`, device: `Laptop ${n % 7}`, where: `Class ${n % 9}` },
    answers: {},
    immediateRisk: urgent,
    subject: 'pupil',
    routing: {
      priority: urgent ? 'urgent' : procedure.safeguarding ? 'today' : 'routine',
      destination: { kind: 'dsl-channel' },
      actingRoles: ['dsl', 'deputy-dsl'],
      taskRoles: ['it-technician'],
      informRoles: [],
      excludedRoles: [],
      excludedPeople: [],
      people: [],
      standIns: [],
      unassignedTaskIds: [],
      safeguarding: procedure.safeguarding,
      urgent,
      reason: 'generated',
    },
    status: closed ? 'closed' : acknowledgedAt ? 'in-progress' : 'reported',
    acknowledgedAt,
    owner: acknowledgedAt ? { key: 'a', name: 'Alex Wilber' } : undefined,
    referrals: random() < 0.1 ? [{ agency: 'ceop', at: reportedAt.toISOString(), by: { platform: 'teams', userId: 'x', name: 'Alex Wilber' } }] : [],
    closedAt: closed ? new Date(reportedAt.getTime() + 3 * 86_400_000).toISOString() : undefined,
    outcome: closed ? `${PUPIL_NAME}'s parents were told.` : undefined,
    tasks: [{ id: 't1', text: 'Check the filtering log', ownerRole: 'it-technician', due: new Date(reportedAt.getTime() + 2 * 86_400_000).toISOString(), done: closed }],
    chronology: [],
    wizardId: `w-${schoolId}-${n}`,
  };
}
