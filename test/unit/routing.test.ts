import { ROLE_KEYS, SUBJECTS, type RoleKey, type Subject } from '../../src/core/policy/schema';
import { routeIncident } from '../../src/core/routing/route-incident';

const everyCase = SUBJECTS.flatMap((subject) =>
  [true, false].flatMap((safeguarding) =>
    [true, false].flatMap((immediateRisk) => [true, false].map((urgent) => ({ subject, safeguarding, immediateRisk, urgent }))),
  ),
);

describe('routeIncident: rules that hold for every combination', () => {
  it.each(everyCase)('%o', (input) => {
    const routing = routeIncident({ ...input, notify: [...ROLE_KEYS] });
    expect(routing.urgent).toBe(input.immediateRisk || input.urgent);
    if (input.immediateRisk) expect(routing.safeguarding).toBe(true);
    const told: RoleKey[] = [...routing.informRoles, ...(routing.destination.kind === 'role-direct' ? [routing.destination.role] : (['dsl', 'deputy-dsl'] as RoleKey[]))];
    if (input.subject === 'head') {
      expect(routing.destination).toEqual({ kind: 'role-direct', role: 'chair-of-governors' });
      expect(told).not.toContain('head');
    }
    if (input.subject === 'staff' || input.subject === 'dsl') {
      expect(routing.destination).toEqual({ kind: 'role-direct', role: 'head' });
      expect(routing.informRoles).toEqual([]);
    }
    if (input.subject === 'dsl') expect(told).not.toEqual(expect.arrayContaining(['dsl']));
    // A concern about an adult at school never goes to a shared channel.
    if ((['staff', 'head', 'dsl'] as Subject[]).includes(input.subject)) expect(routing.destination.kind).toBe('role-direct');
    expect(routing.actingRoles.length).toBeGreaterThan(0);
  });
});

describe('routeIncident: destinations', () => {
  const base = { immediateRisk: false, urgent: false, notify: [] as RoleKey[] };
  it('sends a safeguarding concern about a pupil to the DSL channel, acted on by the DSL and deputies', () => {
    const r = routeIncident({ ...base, subject: 'pupil', safeguarding: true });
    expect(r.destination).toEqual({ kind: 'dsl-channel' });
    expect(r.actingRoles).toEqual(['dsl', 'deputy-dsl']);
  });
  it('sends a non-safeguarding incident to the online-safety lead and tells the technician', () => {
    const r = routeIncident({ ...base, subject: 'pupil', safeguarding: false, notify: ['it-technician', 'esafety-lead'] });
    expect(r.destination).toEqual({ kind: 'role-direct', role: 'esafety-lead' });
    expect(r.informRoles).toEqual(['it-technician']);
  });
  it('makes a child at immediate risk urgent, a safeguarding matter, and tells the head', () => {
    const r = routeIncident({ ...base, subject: 'pupil', safeguarding: false, immediateRisk: true });
    expect(r).toMatchObject({ urgent: true, safeguarding: true, destination: { kind: 'dsl-channel' } });
    expect(r.informRoles).toContain('head');
  });
  it('keeps a concern about the DSL away from the DSL and deputies', () => {
    const r = routeIncident({ ...base, subject: 'dsl', safeguarding: true, notify: ['dsl', 'deputy-dsl', 'esafety-lead'] });
    expect(r.destination).toEqual({ kind: 'role-direct', role: 'head' });
    expect(r.actingRoles).toEqual(['head']);
  });
});
