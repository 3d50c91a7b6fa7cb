/** Incidents, pupils and links written straight into a store, for the child's-file and sharing tests. */
import type { CoreDeps } from '../../src/core/deps';
import type { Incident } from '../../src/core/incidents/incident';
import type { PupilPart } from '../../src/core/people/pupil-part';
import { type PupilLink, linkIdFor } from '../../src/core/pupils/pupil-link';
import type { Pupil } from '../../src/core/pupils/pupil-record';

export const SCHOOL = 'oakfield-primary';

/** The demo pack's DSL, deputy, head and network manager, and a class teacher who holds no role. */
export const ALEX = { platform: 'teams' as const, userId: 'user-id-0', name: 'Alex Wilber', email: 'alexw@example.com' };
export const MEGAN = { platform: 'teams' as const, userId: 'user-id-1', name: 'Megan Bowen' };
export const ADELE = { platform: 'teams' as const, userId: 'user-id-2', name: 'Adele Vance' };
export const CLASS_TEACHER = { platform: 'teams' as const, userId: 'aad-teacher', name: 'Sam Teacher' };

/** A pupil on the register. */
export function pupil(id: string, forename: string, surname: string, extra: Partial<Pupil> = {}): Pupil {
  return {
    id,
    schoolId: SCHOOL,
    upn: id.replace('pupil:upn:', ''),
    forename,
    surname,
    yearGroup: '5',
    registrationGroup: '5C',
    status: 'current',
    importedAt: '2026-09-01T08:00:00.000Z',
    updatedAt: '2026-09-01T08:00:00.000Z',
    ...extra,
  };
}

/** An incident led by the DSL and deputies (or, for a staff matter, by the head with the team kept out). */
export function incident(n: number, procedureId: string, procedureTitle: string, reportedAt: string, extra: Partial<Incident> = {}): Incident {
  return {
    id: `inc-${n}`,
    schoolId: SCHOOL,
    reference: `ES-2026-${String(n).padStart(4, '0')}`,
    procedureId,
    procedureTitle,
    packVersion: 'test',
    reporter: { platform: 'teams', userId: 'aad-reporter', name: 'Rita Reporter' },
    reportedAt,
    details: { pupils: 'JS', description: 'What the reporter wrote.' },
    answers: {},
    immediateRisk: false,
    subject: 'pupil',
    routing: {
      priority: 'today',
      destination: { kind: 'dsl-channel' },
      actingRoles: ['dsl', 'deputy-dsl'],
      taskRoles: [],
      informRoles: [],
      excludedRoles: [],
      excludedPeople: [],
      people: [],
      standIns: [],
      unassignedTaskIds: [],
      safeguarding: true,
      urgent: false,
      reason: 'test',
    },
    status: 'in-progress',
    referrals: [],
    tasks: [],
    chronology: [],
    wizardId: `w-${n}`,
    ...extra,
  } as Incident;
}

/** Writes the incident and links the pupil to it with their part. */
export async function linkPupil(deps: CoreDeps, inc: Incident, pupilId: string, part: PupilPart, extra: Partial<PupilLink> = {}): Promise<void> {
  const link: PupilLink = { id: linkIdFor(inc.id, pupilId), schoolId: SCHOOL, incidentId: inc.id, pupilId, part, linkedAt: inc.reportedAt, linkedBy: inc.reporter, history: [], ...extra };
  await deps.store.create('links', link);
}
