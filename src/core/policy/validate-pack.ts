/**
 * Turns the pack's parsed files into a checked `PolicyPack`, or a `PolicyPackError` that names the file,
 * the procedure and the field, so a school editing its pack can find its mistake.
 */
import type { z } from 'zod';
import { PackManifest, type PolicyPack, Procedure, Triage } from './schema';
import { AupPolicy } from './aup-policy';
import { sanctionsFor } from './sanctions';

/** One file of the pack, as read from disk. */
export interface PackFile {
  /** The file's path as the school sees it, e.g. `policy/procedures/grooming.yaml`. */
  path: string;
  data: unknown;
}

/** The pack is not valid: every problem, each naming the file, the procedure and the field. Start-up fails with it. */
export class PolicyPackError extends Error {
  readonly code = 'policy-pack-invalid';
  constructor(readonly problems: string[]) {
    super(`The policy pack is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function describe(file: string, what: string | undefined, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(whole file)';
    return `${file}: ${what ? `${what}: ` : ''}field "${field}": ${issue.message}`;
  });
}

function procedureLabel(data: unknown): string {
  const id = (data as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `procedure "${id}"` : 'procedure (no id)';
}

/** Validates every file and the references between them; collects every problem before failing. */
export function validatePolicyPack(manifestFile: PackFile, procedureFiles: PackFile[], triageFile: PackFile, aupFile?: PackFile): PolicyPack {
  const problems: string[] = [];
  const aup = AupPolicy.safeParse(aupFile?.data ?? {});
  if (!aup.success) problems.push(...describe(aupFile?.path ?? 'aup.yaml', 'acceptable use policy', aup.error));
  if (aup.success) {
    const audiences = aup.data.documents.map((d) => d.audience);
    audiences.forEach((a, i) => {
      if (audiences.indexOf(a) !== i) problems.push(`${aupFile?.path ?? 'aup.yaml'}: field "documents.${i}.audience": another document is already for "${a}"`);
    });
  }

  const manifest = PackManifest.safeParse(manifestFile.data);
  if (!manifest.success) problems.push(...describe(manifestFile.path, undefined, manifest.error));

  const procedures: Procedure[] = [];
  for (const file of procedureFiles) {
    const parsed = Procedure.safeParse(file.data);
    if (parsed.success) procedures.push(parsed.data);
    else problems.push(...describe(file.path, procedureLabel(file.data), parsed.error));
  }

  const triage = Triage.safeParse(triageFile.data);
  if (!triage.success) problems.push(...describe(triageFile.path, 'triage', triage.error));

  const ids = new Set<string>();
  for (const [i, p] of procedures.entries()) {
    const where = `${procedureFiles[i]?.path ?? '?'}: procedure "${p.id}"`;
    if (ids.has(p.id)) problems.push(`${where}: field "id": another procedure already uses this id`);
    ids.add(p.id);
    // A procedure that warns never to upload an image cannot take files as evidence.
    if (p.noUploads && p.evidenceUploads === 'allowed') problems.push(`${where}: field "evidenceUploads": a procedure with noUploads must not allow files (set it to refused)`);
    const questionIds = new Set<string>();
    for (const [qi, q] of p.questions.entries()) {
      if (q.when && !questionIds.has(q.when.question)) {
        problems.push(`${where}: field "questions.${qi}.when.question": "${q.when.question}" is not an earlier question`);
      }
      questionIds.add(q.id);
    }
    for (const [si, s] of p.steps.entries()) {
      if (s.when && !questionIds.has(s.when.question)) {
        problems.push(`${where}: field "steps.${si}.when.question": "${s.when.question}" is not a question of this procedure`);
      }
    }
  }
  for (const [i, p] of procedures.entries()) {
    p.questions.forEach((q, qi) =>
      q.options.forEach((o, oi) => {
        if (o.sets.switchTo && !ids.has(o.sets.switchTo)) {
          problems.push(`${procedureFiles[i]?.path ?? '?'}: procedure "${p.id}": field "questions.${qi}.options.${oi}.sets.switchTo": no procedure "${o.sets.switchTo}"`);
        }
      }),
    );
  }

  if (triage.success) {
    triage.data.menu.forEach((id, i) => {
      if (!ids.has(id)) problems.push(`${triageFile.path}: triage: field "menu.${i}": no procedure "${id}"`);
    });
    if (triage.data.danger && !ids.has(triage.data.danger)) problems.push(`${triageFile.path}: triage: field "danger": no procedure "${triage.data.danger}"`);
    const nodes = triage.data.nodes;
    if (!nodes[triage.data.start]) problems.push(`${triageFile.path}: triage: field "start": no node "${triage.data.start}"`);
    for (const [name, node] of Object.entries(nodes)) {
      node.options.forEach((o, oi) => {
        if (o.next && !nodes[o.next]) problems.push(`${triageFile.path}: triage: field "nodes.${name}.options.${oi}.next": no node "${o.next}"`);
        if (o.procedure && !ids.has(o.procedure)) {
          problems.push(`${triageFile.path}: triage: field "nodes.${name}.options.${oi}.procedure": no procedure "${o.procedure}"`);
        }
      });
    }
  }

  if (manifest.success) {
    const schoolIds = new Set<string>();
    manifest.data.schools.forEach((s, si) => {
      if (schoolIds.has(s.id)) problems.push(`${manifestFile.path}: field "schools.${si}.id": school "${s.id}" is listed twice`);
      schoolIds.add(s.id);
      for (const needed of ['dsl', 'head'] as const) {
        if (!s.roles[needed]) problems.push(`${manifestFile.path}: school "${s.id}": field "schools.${si}.roles.${needed}": every school needs this role`);
      }
      // Two categories with one title could not be told apart on the sanction form.
      const table = sanctionsFor(manifest.data, s);
      for (const who of ['pupil', 'staff'] as const) {
        const titles = Object.entries(table[who]).map(([category, level]) => [category, level.title.toLowerCase()] as const);
        titles.forEach(([category, title], i) => {
          if (titles.findIndex(([, t]) => t === title) < i)
            problems.push(`${manifestFile.path}: school "${s.id}": sanctions: field "${who}.${category}.title": another ${who} category has the same title`);
        });
      }
      if (s.roles.reporter) problems.push(`${manifestFile.path}: school "${s.id}": field "schools.${si}.roles.reporter": "reporter" means the person reporting; choose another key`);
      // A task for a role the school does not have would be given to nobody.
      const defined = (role: string) => Boolean(s.roles[role] ?? manifest.data.trust.roles[role]);
      procedures.forEach((p, pi) => {
        const where = `${procedureFiles[pi]?.path ?? '?'}: procedure "${p.id}"`;
        p.steps.forEach((step, sti) => {
          if (step.by !== 'reporter' && !defined(step.by))
            problems.push(`${where}: field "steps.${sti}.by": school "${s.id}" has no role "${step.by}" (add it under schools.${si}.roles in ${manifestFile.path})`);
        });
        if (p.lead && !defined(p.lead)) problems.push(`${where}: field "lead": school "${s.id}" has no role "${p.lead}" (add it under schools.${si}.roles in ${manifestFile.path})`);
        p.notify.forEach((role, ni) => {
          if (!defined(role)) problems.push(`${where}: field "notify.${ni}": school "${s.id}" has no role "${role}" (add it under schools.${si}.roles in ${manifestFile.path})`);
        });
      });
    });
    const known = new Set<string>([...manifest.data.schools.flatMap((s) => Object.keys(s.roles)), ...Object.keys(manifest.data.trust.roles)]);
    for (const [from, chain] of Object.entries(manifest.data.chains)) {
      if (from !== 'default' && !known.has(from)) problems.push(`${manifestFile.path}: field "chains.${from}": no school defines the role "${from}"`);
      chain.forEach((role, ci) => {
        if (!known.has(role)) problems.push(`${manifestFile.path}: field "chains.${from}.${ci}": no school defines the role "${role}"`);
      });
    }
  }

  if (problems.length || !manifest.success || !triage.success) throw new PolicyPackError(problems);
  return { ...manifest.data, procedures, triage: triage.data, aup: aup.data as AupPolicy };
}
