/**
 * Every command README.md shows is checked against the code, so the README cannot drift from it.
 *
 * Each npm/npx command in a shell block or inline code: its script (or npm command, or npx tool) exists,
 * and every setting written before it is a documented key of `.env.sample`. Commands that finish in
 * seconds without a server (QUICK) are run for real through npm, in README order, against a temporary
 * data folder: each must exit 0, say what it did, and what it says about the files it wrote must be
 * true. A script the README gives arguments must print a usage, when run bare, that lists each
 * sub-command and option the README uses. Commands that start servers, run for minutes or change the
 * tree (LONG_RUNNING) are checked for existence and documented arguments only, never run here.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/app/config';
import { loadPolicyPack } from '../../src/app/load-policy-pack';
import { type ReadmeCommand, readmeCommands, shellSegments, shellWords } from '../builders/readme-commands';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SCRIPTS: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
const ENV_KEYS = new Set([...readFileSync(join(ROOT, '.env.sample'), 'utf8').matchAll(/^#?\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1] as string));
const commands = readmeCommands(README);

/** npm's own commands the README may show. They change node_modules, so they are never run here. */
const NPM_COMMANDS = new Set(['install', 'i', 'ci', 'prune']);
/** Words npm takes as `npm run <word>`. */
const SCRIPT_SHORTHANDS = new Set(['test', 'start', 'stop', 'restart']);

/** Scripts checked for existence and documented arguments only, and why they are not run. */
const LONG_RUNNING: Record<string, string> = {
  start: 'starts the bot and the Agents Playground and keeps running',
  'start:prod': 'starts the compiled bot and keeps running',
  test: 'is the whole suite, this file included',
  lint: 'runs first in npm test',
  typecheck: 'runs in npm test',
  build: 'compiles the whole project into dist/ (npm test type-checks the same code)',
  bench: 'starts servers and measures for minutes',
  fuzz: 'runs thousands of generated requests for minutes',
};
/** Scripts that finish in seconds without a server: every README command for them is run. */
const QUICK = new Set(['aup:import', 'pupils:import', 'review:import', 'data', 'package']);

/** What a run must print (after npm's own banner), by script or by "script sub-command"; and what must then be true. */
const EXPECT: Record<string, { says: RegExp; check?: (said: RegExpExecArray) => void }> = {
  'aup:import': { says: /^Imported (\d+) people: \d+ added, \d+ updated\.$/m },
  'review:import': { says: /^Recorded the filtering and monitoring review of 2026-11-30 for \S+: 5 questions answered\.$/m },
  'pupils:import': {
    says: /^Imported (\d+) pupils: (\d+) added, \d+ updated, \d+ unchanged, \d+ marked as leavers, \d+ back from leaving\.$/m,
    check: ([, rows, added]) => expect([rows, added]).toEqual(['2', '2']),
  },
  'data export': {
    says: /^Written to (\S+) \(readable by you only\)/m,
    check: ([, file]) => expect(statSync(file as string).mode & 0o077).toBe(0),
  },
  'data backup': {
    says: /^Backup written to (\S+) \(.*readable by you only/m,
    check: ([, file]) => expect(statSync(file as string).mode & 0o077).toBe(0),
  },
  'data erase': { says: /^(Would erase \(run again with --confirm to do it\)|Erased):$/m },
  'data retention': { says: /^(Would delete \(run again without --dry-run to do it\)|Deleted, and recorded in the audit trail):$/m },
  package: {
    says: /^Wrote (\S+) \(manifest\.json, color\.png, outline\.png\)/m,
    check: ([, file]) => expect(readFileSync(file as string).toString('latin1', 0, 2)).toBe('PK'),
  },
};
/** Commands that write into the working folder by default are given an --out in the temporary folder, so the test leaves nothing in the clone. */
const DEFAULT_OUT: Record<string, string> = { package: 'teams-app.zip', 'data export': 'subject-access.json' };

const SCHOOL = loadPolicyPack(join(ROOT, 'policy')).schools[0]?.id as string;
const GUID = '3f2b8c1e-7d4a-4e6b-9a1c-5e8f0d2b4c6a';
/** What a `…` stands for after each option. */
const AFTER_OPTION: Record<string, string> = { '--school': SCHOOL, '--person': 'Sam Teacher', '--operator': 'README test' };
/** What each `<placeholder>` stands for (files are handled apart: they go in the temporary folder). */
const PLACEHOLDERS: Record<string, string> = { 'school-id': SCHOOL, school: SCHOOL, id: SCHOOL, guid: GUID, botIdentityClientId: GUID };
const FILE_NAME = /^[\w.-]*\.(csv|json|zip|sqlite|db|bak|gz)$/i;
/** Written to every .csv file a command is given: the register import's format, or the one its script reads. */
const PEOPLE_CSV = 'name,audience,email\nSam Teacher,staff,sam.teacher@example.org\nVal Visitor,visitor,val@example.org\n';
const CSV_FOR: Record<string, string> = {
  'review:import': 'item,answer\ndate,2026-11-30\nparticipants,"Head, governor"\noutcome,meets-standards\nroles,Named\nblocked-allowed,Listed\nchecks,Termly\nalerts,Triaged\nchanges,None\n',
  'pupils:import': 'UPN,Legal Forename,Legal Surname,Year,Reg,DOB\nA123456789012,Sam,Pupil,7,7B,01/09/2013\nB123456789012,Val,Pupil,8,8C,\n',
};

type Target = { kind: 'script' | 'npm' | 'npx'; name: string; rest: string[] };

function targetOf(c: ReadmeCommand): Target {
  const [first = '', ...rest] = c.args;
  if (c.tool === 'npx') return { kind: 'npx', name: first, rest };
  if (first === 'run' || first === 'run-script') return { kind: 'script', name: rest[0] ?? '', rest: rest.slice(1) };
  if (SCRIPT_SHORTHANDS.has(first)) return { kind: 'script', name: first, rest };
  return { kind: 'npm', name: first, rest };
}

/** The words a script receives, optional `[...]` parts included. */
function scriptArgs(t: Target): string[] {
  const words = t.rest[0] === '--' ? t.rest.slice(1) : t.rest;
  return words.map((w) => w.replace(/^\[+|\]+$/g, '')).filter(Boolean);
}

function subCommandKey(t: Target): string {
  const sub = scriptArgs(t).find((w) => !w.startsWith('-'));
  const key = `${t.name} ${sub}`;
  return key in EXPECT || key in DEFAULT_OUT ? key : t.name;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const label = (c: ReadmeCommand) => `README.md:${c.line} \`${c.text}\``;

function unfilled(c: ReadmeCommand, word: string): Error {
  return new Error(`${label(c)}: the test cannot fill in "${word}"; add what it stands for to AFTER_OPTION or PLACEHOLDERS in test/unit/readme-commands.test.ts`);
}

function fillWord(c: ReadmeCommand, word: string, previous: string | undefined, work: string): string {
  if (word === '…') {
    const value = previous === undefined ? undefined : AFTER_OPTION[previous];
    if (value === undefined) throw unfilled(c, `${previous ?? ''} …`);
    return value;
  }
  const placeholder = /^<([^>]+)>$/.exec(word)?.[1];
  if (placeholder !== undefined) {
    if (placeholder in PLACEHOLDERS) return PLACEHOLDERS[placeholder] as string;
    if (placeholder === 'file' || FILE_NAME.test(placeholder)) return join(work, placeholder);
    throw unfilled(c, word);
  }
  if (FILE_NAME.test(word)) return join(work, word);
  if (/[<>…]/.test(word)) throw unfilled(c, word);
  return word;
}

function fillEnv(c: ReadmeCommand): Record<string, string> {
  return Object.fromEntries(
    c.env.map(([key, value]) => {
      const placeholder = /^<([^>]+)>$/.exec(value)?.[1];
      if (placeholder !== undefined && !(placeholder in PLACEHOLDERS)) throw unfilled(c, value);
      return [key, placeholder !== undefined ? (PLACEHOLDERS[placeholder] as string) : value.replaceAll('…', 'readme-test')];
    }),
  );
}

/** The environment a person's shell would give npm: none of the bot's own settings, whatever the test runner had. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !ENV_KEYS.has(key)));
  return { ...env, ...extra };
}

function npm(args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd: ROOT, env: cleanEnv(env), encoding: 'utf8', timeout: 150_000 });
}

/** What the script printed, without npm's `> package@version script` banner. */
function said(stdout: string): string {
  return stdout.replace(/^(\s*\n)*(> .*\n)+(\s*\n)*/, '');
}

function report(c: ReadmeCommand, args: string[], r: SpawnSyncReturns<string>, problem: string): Error {
  return new Error(
    `${label(c)} ${problem}\nran: npm ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\nexit: ${r.status ?? r.signal}${r.error ? ` (${r.error.message})` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
  );
}

describe('finding commands in Markdown', () => {
  it('reads shell blocks and inline code, with settings, quotes, continuations and comments, and skips other blocks', () => {
    const md = [
      'Run `npm run data -- export --school a --person "Sam',
      'Teacher"` then `FOO=1 npm start`.',
      '```sh',
      'npm ci && X=<guid> npm run package   # the zip',
      'npm run bench \\',
      '  -- --quick',
      'az login',
      '```',
      '```',
      'scripts/  data rights (npm run data)',
      '```',
    ].join('\n');
    expect(readmeCommands(md).map(({ line, env, args }) => ({ line, env, args }))).toEqual([
      { line: 1, env: [], args: ['run', 'data', '--', 'export', '--school', 'a', '--person', 'Sam Teacher'] },
      { line: 2, env: [['FOO', '1']], args: ['start'] },
      { line: 4, env: [], args: ['ci'] },
      { line: 4, env: [['X', '<guid>']], args: ['run', 'package'] },
      { line: 5, env: [], args: ['run', 'bench', '--', '--quick'] },
    ]);
  });

  it('splits a line at && || ; and | outside quotes and keeps quoted words whole', () => {
    expect(shellSegments(`a "x && y" && b || c; d | e # f`)).toEqual(['a "x && y"', 'b', 'c', 'd', 'e']);
    expect(shellWords(`npm run data -- --person 'Jo "J" Bloggs' --operator "A B"`)).toEqual(['npm', 'run', 'data', '--', '--person', 'Jo "J" Bloggs', '--operator', 'A B']);
  });

  it('finds the commands README.md is known to show', () => {
    const names = commands.map((c) => targetOf(c).name);
    expect(names).toEqual(expect.arrayContaining(['install', 'start', 'test', 'aup:import', 'pupils:import', 'data', 'package', 'bench', 'fuzz']));
  });
});

describe('every command in README.md exists, with documented settings', () => {
  it.each(commands.map((c) => [label(c), c] as const))('%s', (_label, c) => {
    const t = targetOf(c);
    if (t.kind === 'npm' && !NPM_COMMANDS.has(t.name)) throw new Error(`${label(c)}: "npm ${t.name}" is neither a script shorthand nor an npm command this README may show`);
    if (t.kind === 'npx' && !existsSync(join(ROOT, 'node_modules', '.bin', t.name))) throw new Error(`${label(c)}: npx ${t.name} is not installed by package.json`);
    if (t.kind === 'script') {
      if (SCRIPTS[t.name] === undefined) throw new Error(`${label(c)}: package.json has no script "${t.name}"`);
      if (!QUICK.has(t.name) && LONG_RUNNING[t.name] === undefined) {
        throw new Error(`${label(c)}: say in test/unit/readme-commands.test.ts whether "${t.name}" is QUICK (run here) or LONG_RUNNING (and why)`);
      }
    }
    for (const [key] of c.env) if (!ENV_KEYS.has(key)) throw new Error(`${label(c)}: ${key} is not documented in .env.sample`);
  });
});

describe('long-running commands: their documented arguments are ones they take', () => {
  const long = commands.filter((c) => {
    const t = targetOf(c);
    return t.kind === 'script' && LONG_RUNNING[t.name] !== undefined;
  });
  it.each(long.map((c) => [label(c), c] as const))('%s', (_label, c) => {
    const t = targetOf(c);
    // The bot reads its settings once, through loadConfig: the ones the README gives must pass it.
    if (t.name === 'start' || t.name === 'start:prod') expect(() => loadConfig(fillEnv(c))).not.toThrow();
    const options = scriptArgs(t).filter((w) => w.startsWith('--'));
    if (options.length === 0) return;
    const file = /[\w/.-]+\.ts\b/.exec(SCRIPTS[t.name] as string)?.[0];
    if (!file) throw new Error(`${label(c)}: cannot check ${options.join(' ')} (${t.name} ${LONG_RUNNING[t.name]}, and runs no script file to read)`);
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const option of options) if (!source.includes(option.split('=')[0] as string)) throw new Error(`${label(c)}: ${file} never reads ${option}`);
  });
});

describe('commands that finish in seconds run, in README order, on a temporary data folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'esafety-readme-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const quick = commands.filter((c) => {
    const t = targetOf(c);
    return t.kind === 'script' && QUICK.has(t.name);
  });

  it.each(quick.map((c) => [label(c), c] as const))('%s', (_label, c) => {
    const t = targetOf(c);
    const key = subCommandKey(t);
    const args = c.args.map((w) => w.replace(/^\[+|\]+$/g, '')).filter(Boolean);
    const filled = args.map((w, i) => fillWord(c, w, args[i - 1], work));
    const out = DEFAULT_OUT[key];
    if (out !== undefined && !filled.includes('--out')) filled.push(...(filled.includes('--') ? [] : ['--']), '--out', join(work, out));
    for (const file of filled.filter((w) => w.startsWith(work) && w.endsWith('.csv'))) writeFileSync(file, CSV_FOR[t.name] ?? PEOPLE_CSV);

    const r = npm(filled, { ...fillEnv(c), STORE: 'embedded', DATA_DIR: join(work, 'data') });
    if (r.status !== 0) throw report(c, filled, r, 'failed');
    const text = said(r.stdout);
    if (text.trim() === '') throw report(c, filled, r, 'printed nothing to say what it did');
    const expected = EXPECT[key];
    const saying = expected?.says.exec(text);
    if (expected && !saying) throw report(c, filled, r, `did not say ${expected.says}`);
    if (expected?.check && saying) expected.check(saying);
    // A file it names in the temporary folder must be there.
    for (const named of text.match(new RegExp(`${escapeRegExp(work)}[^\\s()]*`, 'g')) ?? []) {
      const path = named.replace(/[.,:;]+$/, '');
      if (!existsSync(path)) throw report(c, filled, r, `named ${path}, which does not exist`);
    }
  });
});

describe('a script the README gives arguments prints, run bare, a usage listing each sub-command and option the README uses', () => {
  const byScript = new Map<string, ReadmeCommand[]>();
  for (const c of commands) {
    const t = targetOf(c);
    if (t.kind === 'script' && QUICK.has(t.name) && scriptArgs(t).length > 0) byScript.set(t.name, [...(byScript.get(t.name) ?? []), c]);
  }

  const work = mkdtempSync(join(tmpdir(), 'esafety-readme-usage-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each([...byScript].map(([name, cs]) => [name, cs] as const))('npm run %s', (name, cs) => {
    const r = npm(['run', name], { STORE: 'embedded', DATA_DIR: join(work, 'data') });
    const text = `${r.stdout}\n${r.stderr}`;
    const usage = [...text.matchAll(new RegExp(`npm run ${escapeRegExp(name)} -- (.*)$`, 'gm'))].map((m) => m[1] as string);
    if (r.status === 0 || usage.length === 0) throw report(cs[0] as ReadmeCommand, ['run', name], r, `npm run ${name} alone should fail with a usage naming "npm run ${name} --"`);
    for (const c of cs) {
      const words = scriptArgs(targetOf(c));
      const first = words[0] as string;
      const line = usage.find((u) => u.split(/\s+/)[0] === first) ?? usage.find((u) => /^<[^>]+>/.test(u));
      if (!line) throw report(c, ['run', name], r, `the usage has no line for "${first}"`);
      for (const option of words.filter((w) => w.startsWith('--'))) {
        if (!new RegExp(`(^|[\\s[])${escapeRegExp(option)}(?=[\\s\\]=]|$)`).test(line)) throw report(c, ['run', name], r, `the usage line "${line}" has no ${option}`);
      }
    }
  });
});
