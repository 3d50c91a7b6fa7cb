/** The AUP register: CSV import (all or nothing), and people the bot meets. */
import type { Person } from '../../src/core/people/person-record';
import { markLeft, notePerson, parsePeopleCsv, upsertPeople } from '../../src/core/aup/register-people';
import { tempDeps } from '../builders/temp-store';

test('CSV lines are read with quoted commas, and a header is skipped', () => {
  expect(parsePeopleCsv('name,audience,email\n"Smith, Jo",staff,jo@example.org\r\nAnn Lee,parent,\n\n')).toEqual([
    { name: 'Smith, Jo', audience: 'staff', email: 'jo@example.org' },
    { name: 'Ann Lee', audience: 'parent', email: undefined },
  ]);
});

test('one bad line stops the import with its line number, and nothing is written', async () => {
  const { deps, cleanup } = await tempDeps();
  const rows = parsePeopleCsv('Jo Smith,staff,jo@example.org\nAnn Lee,alien,ann@example.org');
  await expect(upsertPeople(deps, 'oakfield-primary', rows, 'import')).rejects.toMatchObject({ fieldErrors: { audience: expect.stringContaining('Line 2') } });
  expect(await deps.store.count('people', {})).toBe(0);
  await cleanup();
});

test('a leaver who comes back is active again, due to sign as on appointment', async () => {
  const { deps, clock, cleanup } = await tempDeps();
  await notePerson(deps, { schoolId: 'oakfield-primary', platform: 'slack', userId: 'U1', name: 'Jo' });
  await markLeft(deps, 'oakfield-primary', 'slack:U1');
  clock.advance(30 * 86_400_000);
  const back = await notePerson(deps, { schoolId: 'oakfield-primary', platform: 'slack', userId: 'U1', name: 'Jo' });
  expect(back).toMatchObject({ status: 'active', firstSeenAt: clock.now().toISOString() });
  expect((await deps.store.get<Person>('people', 'oakfield-primary', 'slack:U1'))?.leftAt).toBeUndefined();
  await cleanup();
});
