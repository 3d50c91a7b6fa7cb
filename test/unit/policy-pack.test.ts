/**
 * The shipped policy pack (policy/) loads, hangs together, and keeps its safety promises; broken packs fail
 * with a message a school can act on; and the pack's wording is our own, not pasted from the seed policies.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadPolicyPack } from '../../src/app/load-policy-pack';
import { PolicyPackError } from '../../src/core/policy/validate-pack';
import type { PolicyPack, Procedure, RoleKey } from '../../src/core/policy/schema';

const REPO = join(__dirname, '..', '..');
const POLICY_DIR = join(REPO, 'policy');
const SEEDS_DIR = process.env.SEED_POLICIES_DIR ?? '/work/shared/seeds';

const REQUIRED_PROCEDURES = [
  'inappropriate-site-unintentional',
  'inappropriate-site-deliberate',
  'adult-misuse-of-school-it',
  'head-teacher-misuse',
  'online-bullying-of-pupil',
  'online-bullying-of-staff',
  'malicious-comments-online',
  'grooming-inappropriate-contact',
  'youth-produced-sexual-imagery',
  'online-sexual-abuse-exploitation',
  'indecent-images-of-children',
  'radicalisation-extremism',
  'online-hate',
  'suicide-self-harm-eating-disorder-sites',
  'filtering-breach',
  'personal-data-breach',
] as const;

const IMAGE_PROCEDURES = ['youth-produced-sexual-imagery', 'indecent-images-of-children', 'online-sexual-abuse-exploitation'];

/** The flags each procedure ships with; a change here should be a deliberate, reviewed decision. */
const EXPECTED_FLAGS: Record<string, { safeguarding: boolean; askImmediateRisk: boolean }> = {
  'child-in-danger': { safeguarding: true, askImmediateRisk: false },
  'inappropriate-site-unintentional': { safeguarding: false, askImmediateRisk: false },
  'inappropriate-site-deliberate': { safeguarding: false, askImmediateRisk: false },
  'adult-misuse-of-school-it': { safeguarding: false, askImmediateRisk: false },
  'head-teacher-misuse': { safeguarding: false, askImmediateRisk: false },
  'online-bullying-of-pupil': { safeguarding: true, askImmediateRisk: true },
  'online-bullying-of-staff': { safeguarding: false, askImmediateRisk: false },
  'malicious-comments-online': { safeguarding: false, askImmediateRisk: true },
  'grooming-inappropriate-contact': { safeguarding: true, askImmediateRisk: true },
  'youth-produced-sexual-imagery': { safeguarding: true, askImmediateRisk: true },
  'online-sexual-abuse-exploitation': { safeguarding: true, askImmediateRisk: true },
  'indecent-images-of-children': { safeguarding: true, askImmediateRisk: true },
  'radicalisation-extremism': { safeguarding: true, askImmediateRisk: true },
  'online-hate': { safeguarding: false, askImmediateRisk: true },
  'suicide-self-harm-eating-disorder-sites': { safeguarding: true, askImmediateRisk: true },
  'filtering-breach': { safeguarding: false, askImmediateRisk: false },
  'personal-data-breach': { safeguarding: false, askImmediateRisk: false },
  'other-online-concern': { safeguarding: false, askImmediateRisk: true },
};

let pack: PolicyPack;
const byId = (id: string): Procedure => {
  const p = pack.procedures.find((x) => x.id === id);
  if (!p) throw new Error(`no procedure ${id}`);
  return p;
};

beforeAll(() => {
  pack = loadPolicyPack(POLICY_DIR);
});

describe('the shipped policy pack', () => {
  it('loads and validates', () => {
    expect(pack.version).toMatch(/\S/);
    expect(pack.trust.id).toBe('demo-trust');
    expect(pack.schools.map((s) => s.id)).toEqual(['oakfield-primary', 'riverside-academy']);
  });

  it('also loads through the relative path the app uses', () => {
    const rel = relative(process.cwd(), POLICY_DIR) || '.';
    expect(loadPolicyPack(rel).procedures).toHaveLength(pack.procedures.length);
  });

  it.each(REQUIRED_PROCEDURES)('has the procedure %s', (id) => {
    expect(pack.procedures.map((p) => p.id)).toContain(id);
  });

  it('keeps each procedure in a file named after its id', () => {
    const files = readdirSync(join(POLICY_DIR, 'procedures')).sort();
    expect(files).toEqual(pack.procedures.map((p) => `${p.id}.yaml`).sort());
  });

  it('ships the reviewed safeguarding / immediate-risk flags', () => {
    const actual = Object.fromEntries(pack.procedures.map((p) => [p.id, { safeguarding: p.safeguarding, askImmediateRisk: p.askImmediateRisk }]));
    expect(actual).toEqual(EXPECTED_FLAGS);
  });
});

describe('the triage tree', () => {
  const walk = () => {
    const seenNodes = new Set<string>();
    const procedures = new Set<string>();
    const queue = [pack.triage.start];
    while (queue.length) {
      const name = queue.shift() as string;
      if (seenNodes.has(name)) continue;
      seenNodes.add(name);
      for (const o of pack.triage.nodes[name]?.options ?? []) {
        if (o.next) queue.push(o.next);
        if (o.procedure) procedures.add(o.procedure);
      }
    }
    return { seenNodes, procedures };
  };

  it('reaches every procedure from start', () => {
    const { procedures } = walk();
    const missing = pack.procedures.map((p) => p.id).filter((id) => !procedures.has(id));
    expect(missing).toEqual([]);
  });

  it('reaches every node from start', () => {
    const { seenNodes } = walk();
    expect(Object.keys(pack.triage.nodes).filter((n) => !seenNodes.has(n))).toEqual([]);
  });

  it('has no loops, so every path ends in a procedure', () => {
    const onPath = new Set<string>();
    const visit = (name: string): void => {
      if (onPath.has(name)) throw new Error(`triage loops back to "${name}"`);
      onPath.add(name);
      for (const o of pack.triage.nodes[name]?.options ?? []) if (o.next) visit(o.next);
      onPath.delete(name);
    };
    expect(() => visit(pack.triage.start)).not.toThrow();
  });

  it('asks about danger first', () => {
    expect(pack.triage.nodes[pack.triage.start]?.text).toMatch(/danger/i);
  });
});

describe('safety promises', () => {
  it.each(IMAGE_PROCEDURES)('%s forbids uploads, with a reason, and tells staff not to view or copy', (id) => {
    const p = byId(id);
    expect(p.noUploads?.reason).toMatch(/crime/i);
    expect(p.fields.map((f) => f.id)).not.toContain('evidence');
    const dont = p.guidance.dont.join(' ').toLowerCase();
    for (const word of ['view', 'copy', 'forward', 'print', 'screenshot', 'save']) expect(dont).toContain(word);
  });

  it('only the image procedures forbid uploads', () => {
    expect(
      pack.procedures
        .filter((p) => p.noUploads)
        .map((p) => p.id)
        .sort(),
    ).toEqual([...IMAGE_PROCEDURES].sort());
  });

  it('every safeguarding procedure that asks about immediate risk points to 999', () => {
    const lacking = pack.procedures
      .filter((p) => p.safeguarding && p.askImmediateRisk)
      .filter((p) => !p.contacts.includes('police-emergency') && !p.steps.some((s) => /\b999\b/.test(s.text)))
      .map((p) => p.id);
    expect(lacking).toEqual([]);
  });

  it('every procedure that asks about immediate risk lists the police-emergency contact', () => {
    expect(pack.procedures.filter((p) => p.askImmediateRisk && !p.contacts.includes('police-emergency')).map((p) => p.id)).toEqual([]);
  });

  it('safeguarding procedures give the DSL a task or tell them', () => {
    expect(pack.procedures.filter((p) => p.safeguarding && !p.notify.includes('dsl') && !p.steps.some((s) => s.by === 'dsl')).map((p) => p.id)).toEqual([]);
  });

  it('concerns about the head teacher never notify the head', () => {
    const p = byId('head-teacher-misuse');
    expect(p.defaultSubject).toBe('head');
    expect(p.notify).not.toContain('head');
    expect(p.notify).toContain('chair-of-governors');
    expect(p.steps.some((s) => s.by === 'head')).toBe(false);
  });

  it('the accidental-site procedure switches to the right procedure when it was on purpose', () => {
    const q = byId('inappropriate-site-unintentional').questions.find((x) => x.id === 'on-purpose');
    const sets = Object.fromEntries((q?.options ?? []).map((o) => [o.value, o.sets]));
    expect(sets['yes-pupil']).toMatchObject({ switchTo: 'inappropriate-site-deliberate' });
    expect(sets['yes-staff']).toMatchObject({ switchTo: 'adult-misuse-of-school-it', subject: 'staff' });
  });

  it('adult misuse asks about the head (switch) and the DSL (subject dsl)', () => {
    const qs = byId('adult-misuse-of-school-it').questions;
    expect(qs.find((q) => q.id === 'is-head')?.options.find((o) => o.value === 'yes')?.sets).toMatchObject({
      switchTo: 'head-teacher-misuse',
      subject: 'head',
    });
    expect(qs.find((q) => q.id === 'is-dsl')?.options.find((o) => o.value === 'yes')?.sets).toMatchObject({ subject: 'dsl' });
  });

  it('indecent images on a staff device route away from the staff member, including the head', () => {
    const qs = byId('indecent-images-of-children').questions;
    expect(qs.find((q) => q.id === 'where-found')?.options.find((o) => o.value === 'staff-device')?.sets.subject).toBe('staff');
    const who = qs.find((q) => q.id === 'staff-who');
    expect(who?.when).toEqual({ question: 'where-found', answer: 'staff-device' });
    expect(who?.options.find((o) => o.value === 'head')?.sets.subject).toBe('head');
  });

  it('malicious comments about a pupil become a safeguarding matter', () => {
    const q = byId('malicious-comments-online').questions.find((x) => x.id === 'about-whom');
    expect(q?.options.find((o) => o.value === 'pupil')?.sets.safeguarding).toBe(true);
    expect(q?.options.find((o) => o.value === 'staff')?.sets.safeguarding).toBeUndefined();
  });

  it('online bullying of staff asks whether it comes from pupils or parents', () => {
    const q = byId('online-bullying-of-staff').questions.find((x) => x.id === 'by-whom');
    expect(q?.options.map((o) => o.sets.subject)).toEqual(expect.arrayContaining(['pupil', 'parent-or-public']));
  });
});

describe('the pack hangs together (checks the loader does not make)', () => {
  it('every `when` names a real answer of that question', () => {
    const problems: string[] = [];
    for (const p of pack.procedures) {
      const answers = new Map(p.questions.map((q) => [q.id, new Set(q.options.map((o) => o.value))]));
      for (const item of [...p.questions, ...p.steps]) {
        if (item.when && !answers.get(item.when.question)?.has(item.when.answer)) {
          problems.push(`${p.id}: ${item.when.question}=${item.when.answer}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('question ids and option values are unique, and no answer switches to its own procedure', () => {
    for (const p of pack.procedures) {
      const qids = p.questions.map((q) => q.id);
      expect(new Set(qids).size).toBe(qids.length);
      for (const q of p.questions) {
        const values = q.options.map((o) => o.value);
        expect(new Set(values).size).toBe(values.length);
        for (const o of q.options) expect(o.sets.switchTo).not.toBe(p.id);
      }
    }
  });

  it('the reporter steps come first, and every procedure starts with one', () => {
    for (const p of pack.procedures) {
      const firstRole = p.steps.findIndex((s) => s.by !== 'reporter');
      const lastReporter = p.steps.map((s) => s.by).lastIndexOf('reporter');
      expect({ id: p.id, ok: p.steps[0]?.by === 'reporter' && lastReporter < firstRole }).toEqual({ id: p.id, ok: true });
    }
  });

  it('no procedure says in its own words who a report goes to: the plan says it, from the tasks', () => {
    const RECIPIENT_WORDS =
      /\b(report|it|this)\s+(goes|is sent|will go|will be sent)\s+to\b|\bgoes to the (dsl|deputy|head|chair|trust|safeguarding)|\bis told\b.*\b(dsl|head|chair)\b|\bsent to the (dsl|deputy|head|chair)/i;
    const problems = pack.procedures.flatMap((p) => {
      const wording = [
        p.triage,
        ...p.guidance.do,
        ...p.guidance.dont,
        ...p.steps.map((s) => s.text),
        ...p.questions.flatMap((q) => [q.text, q.help ?? '', ...q.options.map((o) => o.label)]),
        ...p.fields.map((f) => `${f.label ?? ''} ${f.help ?? ''}`),
        p.evidence,
        p.noUploads?.reason ?? '',
      ];
      return wording.filter((w) => RECIPIENT_WORDS.test(w)).map((w) => `${p.id}: "${w}"`);
    });
    expect(problems).toEqual([]);
    // The check catches the wording that used to promise recipients routing did not deliver.
    expect(RECIPIENT_WORDS.test('This report goes to the Chair of Governors and the DSL.')).toBe(true);
    expect(RECIPIENT_WORDS.test('If so, this report goes to the deputy DSL and the head teacher instead.')).toBe(true);
  });

  it('every role used by a procedure has a holder in every school (or the trust)', () => {
    const used = new Set<RoleKey>();
    for (const p of pack.procedures) {
      p.notify.forEach((r) => used.add(r));
      p.steps.forEach((s) => s.by !== 'reporter' && used.add(s.by));
    }
    const problems: string[] = [];
    for (const school of pack.schools) {
      for (const role of used) {
        const holders = school.roles[role]?.holders ?? pack.trust.roles[role]?.holders ?? [];
        if (holders.length === 0) problems.push(`${school.id}: ${role}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every contact used by a procedure is defined for every school', () => {
    const problems: string[] = [];
    for (const school of pack.schools) {
      for (const p of pack.procedures) {
        for (const c of p.contacts) if (!school.contacts[c] && !pack.contacts[c]) problems.push(`${school.id}/${p.id}: ${c}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every procedure cites at least one seed policy', () => {
    for (const p of pack.procedures) expect(p.sources.every((s) => /^00[0-4] /.test(s))).toBe(true);
  });
});

describe('demo identities', () => {
  const oakfield = () => pack.schools.find((s) => s.id === 'oakfield-primary');

  it('makes the Agents Playground default user (user-id-0, Alex Wilber) the Oakfield DSL', () => {
    const dsl = oakfield()?.roles.dsl;
    expect(dsl?.title).toBe('Designated Safeguarding Lead');
    expect(dsl?.holders).toEqual(expect.arrayContaining([expect.objectContaining({ teamsUserId: 'user-id-0', name: 'Alex Wilber' })]));
  });

  it('names Oakfield roles as the school does and sets the urgent timings', () => {
    const s = oakfield();
    expect(s?.referencePrefix).toBe('ES');
    expect(s?.pupilNames).toBe('initials');
    expect(s?.roles['esafety-lead']?.title).toBe('Online Safety Co-ordinator');
    expect(s?.roles.head?.title).toBe('Head Teacher');
    expect(s?.roles['it-technician']?.title).toBe('Network Manager');
    expect(s?.urgent).toEqual({ renotifyMinutes: 5, escalateToHeadAfterMinutes: 15 });
  });

  it('has a trust safeguarding lead and real national contacts', () => {
    expect(pack.trust.roles['trust-safeguarding-lead']?.holders.length).toBeGreaterThan(0);
    expect(pack.contacts['police-emergency']?.phone).toBe('999');
    expect(pack.contacts.police?.phone).toBe('101');
    expect(pack.contacts.ceop?.url).toBe('https://www.ceop.police.uk/safety-centre/');
    expect(pack.contacts.iwf?.url).toBe('https://report.iwf.org.uk/');
  });

  it('marks local contacts as placeholders to replace', () => {
    for (const key of ['lado', 'childrens-social-care', 'prevent', 'la-online-safety', 'filtering-provider'] as const) {
      expect(pack.contacts[key]?.phone).toMatch(/^REPLACE /);
    }
  });

  it('gives no person the same Teams or Slack id in two schools', () => {
    const ids = pack.schools.flatMap((s) => Object.values(s.roles).flatMap((r) => r.holders.flatMap((h) => [h.teamsUserId, h.slackUserId].filter(Boolean).map((id) => `${id}@${s.id}`))));
    const bare = new Map<string, Set<string>>();
    for (const entry of ids) {
      const [id, school] = entry.split('@') as [string, string];
      bare.set(id, (bare.get(id) ?? new Set()).add(school));
    }
    expect([...bare.entries()].filter(([, schools]) => schools.size > 1).map(([id]) => id)).toEqual([]);
  });
});

describe('broken packs fail with a message naming file, procedure and field', () => {
  const temps: string[] = [];
  afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** A fresh copy of the shipped pack in a temp folder. */
  const copyPack = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-pack-'));
    temps.push(dir);
    cpSync(POLICY_DIR, dir, { recursive: true });
    return dir;
  };
  /** How the loader names a file in its messages. */
  const shown = (path: string) => relative(process.cwd(), path) || path;
  const editYaml = (path: string, edit: (data: Record<string, any>) => void) => {
    const data = parse(readFileSync(path, 'utf8')) as Record<string, any>;
    edit(data);
    writeFileSync(path, stringify(data));
  };
  const failure = (dir: string): PolicyPackError => {
    try {
      loadPolicyPack(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyPackError);
      return error as PolicyPackError;
    }
    throw new Error('expected the pack to be rejected');
  };

  it('an unchanged copy loads (so the failures below are caused by the edits)', () => {
    expect(loadPolicyPack(copyPack()).procedures).toHaveLength(pack.procedures.length);
  });

  it('a procedure without guidance.dont', () => {
    const dir = copyPack();
    const file = join(dir, 'procedures', 'grooming-inappropriate-contact.yaml');
    editYaml(file, (d) => delete d.guidance.dont);
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('procedure "grooming-inappropriate-contact"');
    expect(message).toContain('field "guidance.dont"');
  });

  it('an image procedure (noUploads) that allows files as evidence', () => {
    const dir = copyPack();
    const file = join(dir, 'procedures', 'youth-produced-sexual-imagery.yaml');
    editYaml(file, (d) => (d.evidenceUploads = 'allowed'));
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('procedure "youth-produced-sexual-imagery"');
    expect(message).toContain('field "evidenceUploads"');
  });

  it('an unknown role key in steps.by', () => {
    const dir = copyPack();
    const file = join(dir, 'procedures', 'filtering-breach.yaml');
    editYaml(file, (d) => (d.steps[2].by = 'caretaker'));
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('procedure "filtering-breach"');
    expect(message).toContain('field "steps.2.by"');
  });

  it('a switchTo naming a missing procedure', () => {
    const dir = copyPack();
    const file = join(dir, 'procedures', 'inappropriate-site-unintentional.yaml');
    editYaml(file, (d) => (d.questions[0].options[1].sets.switchTo = 'no-such-procedure'));
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('procedure "inappropriate-site-unintentional"');
    expect(message).toContain('field "questions.0.options.1.sets.switchTo"');
    expect(message).toContain('no-such-procedure');
  });

  it('a procedure file that is removed while others still switch to it', () => {
    const dir = copyPack();
    rmSync(join(dir, 'procedures', 'inappropriate-site-deliberate.yaml'));
    const { message } = failure(dir);
    expect(message).toContain(shown(join(dir, 'procedures', 'inappropriate-site-unintentional.yaml')));
    expect(message).toContain('procedure "inappropriate-site-unintentional"');
    expect(message).toContain('sets.switchTo');
    expect(message).toContain(shown(join(dir, 'triage.yaml')));
  });

  it('a step whose `when` names a question that does not exist', () => {
    const dir = copyPack();
    const file = join(dir, 'procedures', 'online-hate.yaml');
    editYaml(file, (d) => (d.steps[3].when = { question: 'no-such-question', answer: 'yes' }));
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('procedure "online-hate"');
    expect(message).toContain('field "steps.3.when.question"');
  });

  it('a procedure whose description field is not required', () => {
    const dir = copyPack();
    const file = join(dir, 'procedures', 'personal-data-breach.yaml');
    editYaml(file, (d) => {
      for (const f of d.fields as Array<{ id: string; required?: boolean }>) if (f.id === 'description') f.required = false;
    });
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('procedure "personal-data-breach"');
    expect(message).toContain('field "fields"');
  });

  it('a triage option pointing to a missing procedure', () => {
    const dir = copyPack();
    const file = join(dir, 'triage.yaml');
    editYaml(file, (d) => (d.nodes.systems.options[0].procedure = 'no-such-procedure'));
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('triage');
    expect(message).toContain('field "nodes.systems.options.0.procedure"');
    expect(message).toContain('no procedure "no-such-procedure"');
  });

  it('a task for a role the school does not define', () => {
    const dir = copyPack();
    const file = join(dir, 'procedures', 'online-hate.yaml');
    editYaml(file, (d) => d.steps.push({ by: 'pastoral-lead', text: 'Talk to the pupil.' }));
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('procedure "online-hate"');
    expect(message).toMatch(/field "steps\.\d+\.by": school "oakfield-primary" has no role "pastoral-lead"/);
  });

  it("a school's own role, used in a procedure and a chain, is accepted", () => {
    const dir = copyPack();
    editYaml(join(dir, 'procedures', 'online-hate.yaml'), (d) => d.steps.push({ by: 'pastoral-lead', text: 'Talk to the pupil.' }));
    editYaml(join(dir, 'pack.yaml'), (d) => {
      for (const s of d.schools) s.roles['pastoral-lead'] = { title: 'Head of Pastoral Care', holders: [{ name: 'Kim Lee', email: 'k.lee@example.org' }] };
      d.chains['pastoral-lead'] = ['dsl', 'head'];
    });
    const loaded = loadPolicyPack(dir);
    expect(loaded.schools[0]?.roles['pastoral-lead']?.title).toBe('Head of Pastoral Care');
    expect(loaded.chains['pastoral-lead']).toEqual(['dsl', 'head']);
  });

  it('a chain naming a role nobody defines', () => {
    const dir = copyPack();
    const file = join(dir, 'pack.yaml');
    editYaml(file, (d) => (d.chains.dsl = ['deputy-dsl', 'headteacher']));
    const { message } = failure(dir);
    expect(message).toContain('field "chains.dsl.1": no school defines the role "headteacher"');
  });

  it('a school without a DSL', () => {
    const dir = copyPack();
    const file = join(dir, 'pack.yaml');
    editYaml(file, (d) => delete d.schools[1].roles.dsl);
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('school "riverside-academy"');
    expect(message).toContain('field "schools.1.roles.dsl"');
  });

  it('malformed YAML (names the file and the line; there is no procedure or field to name yet)', () => {
    const dir = copyPack();
    const file = join(dir, 'procedures', 'online-hate.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('family: conduct', 'family: [conduct'));
    const { message } = failure(dir);
    expect(message).toContain(shown(file));
    expect(message).toContain('cannot be read as YAML');
    expect(message).toMatch(/line \d+/);
  });
});

describe('the pack is written in our own words', () => {
  const WINDOW = 8;
  /** Lower-case words only: punctuation, quotes and line breaks do not hide a copied sentence. */
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
      .split(' ')
      .filter(Boolean);
  const windows = (ws: string[]) => Array.from({ length: Math.max(0, ws.length - WINDOW + 1) }, (_, i) => ws.slice(i, i + WINDOW).join(' '));

  const packFiles = (): string[] => {
    const files = [join(POLICY_DIR, 'pack.yaml'), join(POLICY_DIR, 'triage.yaml'), join(POLICY_DIR, 'README.md')];
    files.push(...readdirSync(join(POLICY_DIR, 'procedures')).map((f) => join(POLICY_DIR, 'procedures', f)));
    const sourcesDoc = join(REPO, 'docs', 'procedure-sources.md');
    if (existsSync(sourcesDoc)) files.push(sourcesDoc);
    return files;
  };

  const haveSeeds = existsSync(SEEDS_DIR);
  (haveSeeds ? it : it.skip)(`no run of ${WINDOW} words in a pack file appears verbatim in the seed policies`, () => {
    const seedFiles = readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt'));
    expect(seedFiles.length).toBeGreaterThanOrEqual(5);
    const seedWindows = new Set(seedFiles.flatMap((f) => windows(words(readFileSync(join(SEEDS_DIR, f), 'utf8')))));

    const copied: string[] = [];
    for (const file of packFiles()) {
      for (const w of windows(words(readFileSync(file, 'utf8')))) if (seedWindows.has(w)) copied.push(`${relative(REPO, file)}: "${w}"`);
    }
    expect(copied).toEqual([]);
  });

  it('the check itself catches a pasted sentence', () => {
    const seed = 'The purple owl quietly counted every single acorn before the winter storm arrived';
    const ours = 'Note: the Purple owl, quietly counted every single\nacorn before lunch.';
    const seedWindows = new Set(windows(words(seed)));
    expect(windows(words(ours)).some((w) => seedWindows.has(w))).toBe(true);
  });
});
