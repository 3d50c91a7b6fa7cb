/**
 * `/aup status` for the online-safety lead and the head: per audience, how many active people are signed
 * and in date, and who is overdue and by how long. The read is audited; anyone else is refused.
 */
import { recordAudit } from '../audit/audit-log';
import { csvLine } from '../text/csv';
import type { CoreDeps } from '../deps';
import { NotPermittedError } from '../errors';
import { type Actor, actorRef, roleTitle } from '../people/actor';
import { resolveSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { type Audience, currentVersion } from '../policy/aup-policy';
import type { Signature } from './aup-records';
import type { Person } from '../people/person-record';
import { dueFor } from './due-date';
import { canManageAup } from './register-people';
import { daysBetween, localTime } from '../calendar/school-calendar';

/** One audience's standing: how many active people are signed and in date, who is overdue and by how long, and how many are due soon. */
export interface AudienceCompliance {
  audience: Audience;
  title: string;
  version: string;
  active: number;
  signed: number;
  percent: number;
  overdue: Array<{ name: string; days: number; reason: string }>;
  dueSoon: number;
}

/** `aup status` for the online-safety lead and the head of the actor's school; anyone else is refused. The read is audited either way. */
export async function readAupCompliance(deps: CoreDeps, actor: Actor): Promise<{ schoolName: string; audiences: AudienceCompliance[] }> {
  const school = resolveSchool(deps.pack, actor);
  const allowed = canManageAup(actor, school);
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'aup.read-compliance', outcome: allowed ? 'ok' : 'refused' });
  if (!allowed) throw new NotPermittedError(`see who has signed (the ${roleTitle(school, 'esafety-lead')} and ${roleTitle(school, 'head')} can)`);
  const audiences = await aupComplianceFor(deps, school, deps.clock.now());
  return { schoolName: school.name, audiences };
}

/** Per audience, who at `school` is signed and in date and who is overdue (no audit: callers audit the read). */
export async function aupComplianceFor(deps: CoreDeps, school: School, now: Date): Promise<AudienceCompliance[]> {
  const today = localTime(now, school.timeZone).date;
  const people = await deps.store.query<Person>('people', { schoolId: school.id, where: [{ field: 'status', op: '=', value: 'active' }] });
  const signatures = await deps.store.query<Signature>('signatures', { schoolId: school.id });
  const byPerson = new Map<string, Signature[]>();
  for (const s of signatures) byPerson.set(s.personId, [...(byPerson.get(s.personId) ?? []), s]);
  const audiences: AudienceCompliance[] = [];
  for (const document of deps.pack.aup.documents) {
    const members = people.filter((p) => p.audience === document.audience);
    const version = currentVersion(document, today).version;
    let signed = 0;
    let dueSoon = 0;
    const overdue: AudienceCompliance['overdue'] = [];
    for (const person of members) {
      const due = dueFor(person, document, byPerson.get(person.id) ?? [], deps.pack.aup, today, school.timeZone);
      const late = daysBetween(due.date, today);
      if (due.reason !== 'appointment' && late <= 0) signed++;
      if (late > 0)
        overdue.push({ name: person.name, days: late, reason: due.reason === 'appointment' ? 'never signed' : due.reason === 'amendment' ? 'not signed the amended version' : 'yearly signature due' });
      else if (late > -14) dueSoon++;
    }
    overdue.sort((a, b) => b.days - a.days);
    audiences.push({
      audience: document.audience,
      title: document.title,
      version,
      active: members.length,
      signed,
      percent: members.length ? Math.round((signed / members.length) * 100) : 100,
      overdue,
      dueSoon,
    });
  }
  return audiences;
}

/** Every signature at the actor's school as CSV: the evidence the lead keeps. Audited. */
export async function exportSignaturesCsv(deps: CoreDeps, actor: Actor): Promise<string> {
  const school = resolveSchool(deps.pack, actor);
  const allowed = canManageAup(actor, school);
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'aup.export', outcome: allowed ? 'ok' : 'refused' });
  if (!allowed) throw new NotPermittedError('export AUP signatures');
  const rows = await deps.store.query<Signature>('signatures', { schoolId: school.id, orderBy: { field: 'signedAt', direction: 'asc' } });
  const lines = rows.map((s) => csvLine([s.signedAt, s.personName, s.personId, s.audience, s.documentId, s.version, s.textHash, s.channel]));
  return `${['signed_at,name,person_id,audience,document,version,text_sha256,channel', ...lines].join('\n')}\n`;
}
