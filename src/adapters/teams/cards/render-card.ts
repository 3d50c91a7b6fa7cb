/**
 * Expands the Adaptive Card templates in `cards/<name>/teams.json` with `adaptivecards-templating`.
 * Templates are imported (not read from disk at run time) so a compiled build carries them too.
 */
import { Template } from 'adaptivecards-templating';
import { type Attachment, CardFactory } from 'botbuilder';
import aup from '../../../../cards/aup/teams.json';
import digest from '../../../../cards/digest/teams.json';
import dslEscalation from '../../../../cards/dsl-escalation/teams.json';
import fullRecord from '../../../../cards/full-record/teams.json';
import informRole from '../../../../cards/inform-role/teams.json';
import notice from '../../../../cards/notice/teams.json';
import reportReceipt from '../../../../cards/report-receipt/teams.json';
import reporterUpdate from '../../../../cards/reporter-update/teams.json';
import urgentReminder from '../../../../cards/urgent-reminder/teams.json';
import wizardStep from '../../../../cards/wizard-step/teams.json';
import evidenceCustody from '../../../../cards/evidence-custody/teams.json';
import taskAssignment from '../../../../cards/task-assignment/teams.json';
import deliveryReport from '../../../../cards/delivery-report/teams.json';
import decisionForm from '../../../../cards/decision-form/teams.json';
import childFile from '../../../../cards/child-file/teams.json';
import caseShared from '../../../../cards/case-shared/teams.json';
import shareForm from '../../../../cards/share-form/teams.json';
import transfer from '../../../../cards/transfer/teams.json';
import cases from '../../../../cards/cases/teams.json';
import alertTriage from '../../../../cards/alert-triage/teams.json';
import filtering from '../../../../cards/filtering/teams.json';
import reviewForm from '../../../../cards/review-form/teams.json';
import reviewReminder from '../../../../cards/review-reminder/teams.json';

const TEMPLATES = {
  'wizard-step': wizardStep,
  'evidence-custody': evidenceCustody,
  'report-receipt': reportReceipt,
  'dsl-escalation': dslEscalation,
  'full-record': fullRecord,
  'urgent-reminder': urgentReminder,
  'inform-role': informRole,
  'reporter-update': reporterUpdate,
  'task-assignment': taskAssignment,
  'delivery-report': deliveryReport,
  'decision-form': decisionForm,
  'child-file': childFile,
  'case-shared': caseShared,
  'share-form': shareForm,
  transfer,
  cases,
  'alert-triage': alertTriage,
  filtering,
  'review-form': reviewForm,
  'review-reminder': reviewReminder,
  notice,
  aup,
  digest,
} satisfies Record<string, object>;

/**
 * A card template's name: the folder under `cards/`. `role-escalation` uses `dsl-escalation`;
 * `task-reminder` uses `task-assignment`; `team-unreachable` uses `notice`.
 */
export type CardName = keyof typeof TEMPLATES;
export const CARD_NAMES = Object.keys(TEMPLATES) as CardName[];

const prepared = new Map<CardName, Template>();

function template(name: CardName): Template {
  let t = prepared.get(name);
  if (!t) {
    t = new Template(TEMPLATES[name]);
    prepared.set(name, t);
  }
  return t;
}

// A `$when` that is false on an object property leaves `null` behind; Teams expects the key absent.
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

/**
 * The card JSON for `name` bound to `data`. The result is a fresh object, safe to change (e.g. to add
 * `msteams` properties). Throws if a template expression fails, which is a template bug.
 */
export function renderCard(name: CardName, data: object): Record<string, unknown> {
  const expanded = template(name).expand({ $root: data }) as unknown;
  // `withoutNulls` rebuilds every object and array, so nothing of the prepared template is shared.
  return withoutNulls(expanded) as Record<string, unknown>;
}

/** Expanded cards kept as JSON text, by template and data; the oldest is dropped past the limit. */
const expandedCache = new Map<string, string>();
const CACHE_LIMIT = 2000;

/**
 * Like `renderCard`, for cards many people see with only ids differing (each wizard step): `data` holds
 * placeholder strings where the ids go, the expansion is kept per distinct data, and each call swaps in
 * its own `values`. A number replaces a placeholder that is a whole JSON string (e.g. `"@@revision@@"`);
 * a string replaces the placeholder wherever it appears, inside longer text too.
 */
export function renderCardWith(name: CardName, data: object, values: Record<string, string | number>): Record<string, unknown> {
  const key = `${name}\u0000${JSON.stringify(data)}`;
  let json = expandedCache.get(key);
  if (json === undefined) {
    json = JSON.stringify(renderCard(name, data));
    if (expandedCache.size >= CACHE_LIMIT) expandedCache.delete(expandedCache.keys().next().value as string);
    expandedCache.set(key, json);
  }
  for (const [placeholder, value] of Object.entries(values)) {
    json = typeof value === 'number' ? json.split(JSON.stringify(placeholder)).join(String(value)) : json.split(placeholder).join(JSON.stringify(value).slice(1, -1));
  }
  return JSON.parse(json) as Record<string, unknown>;
}

/** The botbuilder attachment for a rendered card. */
export function cardAttachment(card: object): Attachment {
  return CardFactory.adaptiveCard(card);
}
