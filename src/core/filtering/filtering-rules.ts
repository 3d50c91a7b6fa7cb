/**
 * A school's filtering rules with the defaults filled in: who approves unblock requests (the technician
 * unless the pack says otherwise), the categories never unblocked (the pack's list, else the built-in
 * one below), and the lesson times ("for the lesson", "for period 3"; none unless the pack gives them).
 */
import type { ForbiddenCategory, RoleKey, School } from '../policy/schema';

/** The categories no unblock request is ever approved for, when the school's pack does not list its own. */
export const DEFAULT_FORBIDDEN: readonly ForbiddenCategory[] = [
  { key: 'pornography', label: 'pornography and sexual content', words: ['porn', 'xxx', 'hentai', 'nsfw', 'camgirl'], domains: ['pornhub.com', 'xvideos.com', 'xnxx.com', 'onlyfans.com'] },
  { key: 'self-harm', label: 'content encouraging self-harm, suicide or eating disorders', words: ['proana', 'pro-ana', 'promia', 'pro-mia', 'thinspo'], domains: [] },
  { key: 'extremism', label: 'terrorist or violent extremist material', words: ['stormfront', 'dailystormer'], domains: ['stormfront.org'] },
  { key: 'gambling', label: 'gambling', words: ['casino', 'betting', 'poker', 'bet365'], domains: ['bet365.com', 'williamhill.com', 'paddypower.com', 'skybet.com'] },
  {
    key: 'filter-bypass',
    label: 'proxies, VPNs and other ways round the filter',
    words: ['proxy', 'vpn', 'unblocker', 'hidemyass', 'torproject'],
    domains: ['torproject.org', 'hidemyass.com', 'croxyproxy.com'],
  },
  { key: 'malware', label: 'malware, pirated software and cracks', words: ['warez', 'keygen', 'torrent', 'cracked'], domains: ['thepiratebay.org'] },
];

/** The roles that approve unblock requests when the pack does not say. */
export const DEFAULT_APPROVERS: readonly RoleKey[] = ['it-technician'];

/** The roles that may read the filtering log (the senior leader for filtering and the governor where the school names them). */
export const FILTERING_LOG_READERS: readonly RoleKey[] = ['esafety-lead', 'it-technician', 'head', 'filtering-lead', 'online-safety-governor'];

/** The roles that may record a new block or a category change, and press "Blocked again". */
export const FILTERING_CHANGERS: readonly RoleKey[] = ['it-technician'];

/** One lesson of the school day. */
export interface Lesson {
  period: string;
  start: string;
  end: string;
}

/** A school's filtering rules with every default applied. */
export interface FilteringPolicy {
  approvers: readonly RoleKey[];
  forbidden: readonly ForbiddenCategory[];
  lessons: readonly Lesson[];
}

/** The school's filtering rules, defaults filled in. */
export function filteringPolicy(school: School): FilteringPolicy {
  return {
    approvers: school.filtering?.approvers ?? DEFAULT_APPROVERS,
    forbidden: school.filtering?.forbidden ?? DEFAULT_FORBIDDEN,
    lessons: school.filtering?.lessons ?? [],
  };
}

/** The forbidden category an address (normalised: host and path) falls in, if any: by its domain, then by a word in it. */
export function forbiddenCategoryOf(policy: Pick<FilteringPolicy, 'forbidden'>, host: string, path: string): ForbiddenCategory | undefined {
  const byDomain = policy.forbidden.find((c) => c.domains.some((d) => host === d || host.endsWith(`.${d}`)));
  if (byDomain) return byDomain;
  const haystack = `${host}${path}`.toLowerCase();
  return policy.forbidden.find((c) => c.words.some((w) => haystack.includes(w)));
}
