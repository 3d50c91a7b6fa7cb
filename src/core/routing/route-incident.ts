/**
 * Who an incident goes to and who may act on it: pure rules, exhaustively tested.
 * The subject of a concern never receives it, and a concern about staff never goes to a channel.
 */
import type { RoleKey, Subject } from '../policy/schema';

export type Destination =
  /** The school's private DSL channel (safeguarding concerns about pupils or others). */
  | { kind: 'dsl-channel' }
  /** A one-to-one message to each holder of a role. */
  | { kind: 'role-direct'; role: RoleKey };

export interface Routing {
  destination: Destination;
  /** Roles whose holders may act on the incident and read its full record. */
  actingRoles: RoleKey[];
  /** Roles told that an incident exists (no detail), other than the destination. */
  informRoles: RoleKey[];
  safeguarding: boolean;
  urgent: boolean;
  /** Why it went there, in plain words, for the chronology and the receipt. */
  reason: string;
}

export interface RoutingInput {
  safeguarding: boolean;
  immediateRisk: boolean;
  urgent: boolean;
  subject: Subject;
  /** Roles the procedure says should be told. */
  notify: RoleKey[];
}

const SAFEGUARDING_TEAM: RoleKey[] = ['dsl', 'deputy-dsl'];

/** Roles that must not hear of a concern because their holders may be its subject. */
function excludedFor(subject: Subject): RoleKey[] {
  switch (subject) {
    case 'head':
      return ['head'];
    case 'dsl':
      return ['dsl', 'deputy-dsl'];
    case 'staff':
      // The member of staff may hold any role; only the head and the chair hear of it at first.
      return ['dsl', 'deputy-dsl', 'esafety-lead', 'it-technician', 'senco'];
    default:
      return [];
  }
}

export function routeIncident(input: RoutingInput): Routing {
  // A child at immediate risk is always a safeguarding concern, and always urgent.
  const urgent = input.immediateRisk || input.urgent;
  const safeguarding = input.safeguarding || urgent;
  const excluded = excludedFor(input.subject);
  const inform = (roles: RoleKey[], destinationRoles: RoleKey[]) =>
    [...new Set(roles)].filter((r) => !excluded.includes(r) && !destinationRoles.includes(r));

  if (input.subject === 'head') {
    return {
      destination: { kind: 'role-direct', role: 'chair-of-governors' },
      actingRoles: ['chair-of-governors'],
      informRoles: [],
      safeguarding,
      urgent,
      reason: 'The concern is about the head teacher, so it goes to the chair of governors only.',
    };
  }
  if (input.subject === 'staff' || input.subject === 'dsl') {
    return {
      destination: { kind: 'role-direct', role: 'head' },
      actingRoles: ['head'],
      informRoles: [],
      safeguarding,
      urgent,
      reason:
        input.subject === 'dsl'
          ? 'The concern involves the safeguarding lead, so it goes to the head teacher only.'
          : 'The concern is about a member of staff, so it goes to the head teacher only, never to a shared channel.',
    };
  }
  if (safeguarding) {
    return {
      destination: { kind: 'dsl-channel' },
      actingRoles: SAFEGUARDING_TEAM,
      informRoles: inform([...input.notify, ...(urgent ? (['head'] as RoleKey[]) : [])], SAFEGUARDING_TEAM),
      safeguarding,
      urgent,
      reason: urgent
        ? 'A child may be at immediate risk: urgent safeguarding concern for the safeguarding team.'
        : 'This is a safeguarding concern, so it goes to the safeguarding team.',
    };
  }
  return {
    destination: { kind: 'role-direct', role: 'esafety-lead' },
    actingRoles: ['esafety-lead', ...SAFEGUARDING_TEAM],
    informRoles: inform(input.notify, ['esafety-lead']),
    safeguarding,
    urgent,
    reason: 'An online-safety incident that is not a safeguarding concern goes to the online-safety lead.',
  };
}
