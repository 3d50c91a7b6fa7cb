/** Two pupils in overlapping incidents, and the child's file of one of them, for the transfer and export tests. */
import type { ChildFile } from '../../src/core/casefile/child-file';
import type { CoreDeps } from '../../src/core/deps';
import type { Pupil } from '../../src/core/pupils/pupil-record';

export const ZOE: Pupil = {
  id: 'pupil:upn:A123456789012',
  schoolId: 'oakfield-primary',
  upn: 'A123456789012',
  forename: 'Zoë',
  surname: 'Núñez-O’Brien',
  yearGroup: '6',
  registrationGroup: '6B',
  dateOfBirth: '2015-03-14',
  status: 'current',
  importedAt: '2026-09-01T08:00:00.000Z',
  updatedAt: '2026-09-01T08:00:00.000Z',
};

/** The other child in the same incidents: nothing about them may reach Zoë's files. */
export const RORY: Pupil = { ...ZOE, id: 'pupil:upn:B123456789012', upn: 'B123456789012', forename: 'Rory', surname: 'Kowalczyk', registrationGroup: '6C', dateOfBirth: '2015-07-02' };

export async function storePupils(deps: CoreDeps, ...pupils: Pupil[]): Promise<void> {
  for (const p of pupils) await deps.store.create('pupils', p);
}

/** Zoë's file as `openChildFile` gives it: her part in each incident, entries in time order, no other child. */
export function zoeFile(madeAt: string, madeFor = 'Alex Wilber'): ChildFile {
  return {
    schoolId: 'oakfield-primary',
    schoolName: 'Oakfield Primary School',
    pupil: { id: ZOE.id, name: 'Zoë Núñez-O’Brien', yearGroup: '6', registrationGroup: '6B', upn: ZOE.upn, dateOfBirth: ZOE.dateOfBirth, left: false },
    incidents: [
      { incidentId: 'inc-1', reference: 'ES-2026-0003', procedureId: 'cyberbullying', procedureTitle: 'Cyberbullying', part: 'harmed', status: 'closed', reportedAt: '2026-10-05T09:10:00.000Z' },
      {
        incidentId: 'inc-2',
        reference: 'ES-2026-0011',
        procedureId: 'sharing-nudes',
        procedureTitle: 'Sharing nudes and semi-nudes',
        part: 'witness',
        status: 'referred',
        reportedAt: '2026-11-02T13:40:00.000Z',
      },
    ],
    entries: [
      { at: '2026-10-05T09:10:00.000Z', kind: 'incident', incidentId: 'inc-1', reference: 'ES-2026-0003', heading: 'Reported: Cyberbullying', by: 'Sam Teacher' },
      {
        at: '2026-10-06T10:00:00.000Z',
        kind: 'decision',
        incidentId: 'inc-1',
        reference: 'ES-2026-0003',
        heading: 'Parents informed by phone',
        detail: 'Mother told at 16:00; she will watch the group chat.',
        by: 'Alex Wilber',
      },
      { at: '2026-11-02T13:40:00.000Z', kind: 'incident', incidentId: 'inc-2', reference: 'ES-2026-0011', heading: 'Reported: Sharing nudes and semi-nudes', by: 'Sam Teacher' },
      {
        at: '2026-11-03T09:00:00.000Z',
        kind: 'referral',
        incidentId: 'inc-2',
        reference: 'ES-2026-0011',
        heading: "Referred to Children's Social Care",
        detail: 'Reference CSC-99812.',
        by: 'Alex Wilber',
      },
    ],
    madeAt,
    madeFor,
  };
}
