import { roleTitle } from '../people/actor';
import type { School } from '../policy/schema';
import type { Routing } from './route-incident';

/** Who a report goes to and who else is told, as the school names the roles (never people or pupils). */
export function describeRecipients(school: School, routing: Routing): string[] {
  const destination =
    routing.destination.kind === 'dsl-channel'
      ? `${roleTitle(school, 'dsl')} and deputies`
      : roleTitle(school, routing.destination.role);
  return [destination, ...routing.informRoles.map((r) => roleTitle(school, r))];
}
