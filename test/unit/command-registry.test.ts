/**
 * The command registry: what people type is read the same way on Teams and Slack, junk and huge text
 * included; the help is written from the same table, names every command as each platform takes it and
 * says who may use it in the roles the use cases check; the manifests offer only commands it knows.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { AUP_MANAGERS } from '../../src/core/aup/register-people';
import { COMMANDS, SLASH_COMMANDS, commandSpec, typedCommand } from '../../src/core/commands/command-registry';
import { helpText, whoWords } from '../../src/core/commands/help-text';
import { type Command, parseCommand } from '../../src/core/commands/parse-command';
import { DIGEST_READERS } from '../../src/core/digest/read-digest';
import { SETUP_CHECK_ROLES } from '../../src/core/setup/setup-check';

describe('parseCommand', () => {
  test.each<[string, Command]>([
    ['report', { name: 'report' }],
    ['/report', { name: 'report' }],
    ['report a concern about a website', { name: 'report' }],
    ['report-abuse', { name: 'report' }],
    ['help', { name: 'help' }],
    ['setup check', { name: 'setup-check' }],
    ['register dsl channel', { name: 'register-dsl-channel' }],
    ['/report help', { name: 'help' }],
    ['/report setup check', { name: 'setup-check' }],
    ['/report register dsl channel', { name: 'register-dsl-channel' }],
    ['aup', { name: 'aup', sub: 'mine' }],
    ['/aup status', { name: 'aup', sub: 'status' }],
    ['aup export', { name: 'aup', sub: 'export' }],
    ['aup add Sam Reid, visitor, sam@example.com', { name: 'aup', sub: 'add', row: 'Sam Reid, visitor, sam@example.com' }],
    ['digest', { name: 'digest', sub: 'school' }],
    ['/digest trust', { name: 'digest', sub: 'trust' }],
    ['digest governors 2025-09-01 2026-08-31', { name: 'digest', sub: 'governors', from: '2025-09-01', to: '2026-08-31' }],
  ])('%j is %j', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  test('mixed case and extra spaces (tabs, new lines, no-break spaces) change nothing; the words typed after add keep their case', () => {
    expect(parseCommand('  SETUP \t  Check  ')).toEqual({ name: 'setup-check' });
    expect(parseCommand('Register\u00a0DSL\nchannel')).toEqual({ name: 'register-dsl-channel' });
    expect(parseCommand('/Report   SETUP   check')).toEqual({ name: 'setup-check' });
    expect(parseCommand('AuP   StAtUs ')).toEqual({ name: 'aup', sub: 'status' });
    expect(parseCommand('AUP ADD   Sam Reid, Visitor')).toEqual({ name: 'aup', sub: 'add', row: 'Sam Reid, Visitor' });
    expect(parseCommand('Digest  GOVERNORS  2025-09-01   2026-08-31')).toEqual({ name: 'digest', sub: 'governors', from: '2025-09-01', to: '2026-08-31' });
  });

  test('junk and empty text start no command: the platforms answer it with the help', () => {
    for (const junk of [
      '',
      '   ',
      '\n',
      'hi',
      'what can you do?',
      'reporting',
      'reports',
      'aupx',
      'digests',
      'setup',
      'setup checks',
      'setup-check',
      'check setup',
      'register dsl',
      '//report',
      '/ report',
      '\u200breport',
      '<at>eSafety</at>',
      '🙂',
      '\0',
    ]) {
      expect(parseCommand(junk)).toEqual({ name: 'unknown' });
    }
  });

  test('a sub-command with the wrong words after it does what the command does alone, as it always has', () => {
    expect(parseCommand('aup statuses')).toEqual({ name: 'aup', sub: 'mine' });
    expect(parseCommand('aup status please')).toEqual({ name: 'aup', sub: 'mine' });
    expect(parseCommand('aup add')).toEqual({ name: 'aup', sub: 'mine' });
    expect(parseCommand('aup add Sam\nvisitor')).toEqual({ name: 'aup', sub: 'mine' });
    expect(parseCommand('aup-status')).toEqual({ name: 'aup', sub: 'mine' });
    expect(parseCommand('digest governors 2025-09-01')).toEqual({ name: 'digest', sub: 'school' });
    expect(parseCommand('digest governors a b c')).toEqual({ name: 'digest', sub: 'school' });
    expect(parseCommand('digest trust me')).toEqual({ name: 'digest', sub: 'school' });
    expect(parseCommand('setup check now')).toEqual({ name: 'unknown' });
    expect(parseCommand('/report setup check now')).toEqual({ name: 'report' });
  });

  test('huge text is read in one pass, whatever it holds', () => {
    const mb = 1_000_000;
    expect(parseCommand(`report ${'x'.repeat(mb)}`)).toEqual({ name: 'report' });
    expect(parseCommand('x'.repeat(mb))).toEqual({ name: 'unknown' });
    expect(parseCommand(`setup${' '.repeat(mb)}check`)).toEqual({ name: 'setup-check' });
    expect(parseCommand(`setup${' '.repeat(mb)}`)).toEqual({ name: 'unknown' });
    // The shapes that make a backtracking pattern take forever: long runs of spaces before a line break.
    expect(parseCommand(`aup add${' '.repeat(mb)}\n`)).toEqual({ name: 'aup', sub: 'mine' });
    expect(parseCommand(`aup add ${' a'.repeat(mb / 2)}\nb`)).toEqual({ name: 'aup', sub: 'mine' });
    expect(parseCommand(`digest governors ${'1 '.repeat(mb / 2)}`)).toEqual({ name: 'digest', sub: 'school' });
    const row = `Sam, visitor, ${'s'.repeat(mb)}@example.com`;
    expect(parseCommand(`aup add ${row}`)).toEqual({ name: 'aup', sub: 'add', row });
  });

  /** What Teams did before the registry: its routes, then each handler's own patterns. */
  function teamsBefore(text: string): Command {
    if (/^\s*\/?register\s+dsl\s+channel\s*$/i.test(text)) return { name: 'register-dsl-channel' };
    if (/^\s*\/?report\b/i.test(text)) return { name: 'report' };
    if (/^\s*\/?aup\b/i.test(text)) {
      const words = text.trim().replace(/^\/?aup\b\s*/i, '');
      if (/^status$/i.test(words)) return { name: 'aup', sub: 'status' };
      if (/^export$/i.test(words)) return { name: 'aup', sub: 'export' };
      const add = /^add\s+(.+)$/i.exec(words);
      return add ? { name: 'aup', sub: 'add', row: add[1] ?? '' } : { name: 'aup', sub: 'mine' };
    }
    if (/^\s*\/?digest\b/i.test(text)) {
      const words = text.trim().replace(/^\/?digest\b\s*/i, '');
      if (/^trust$/i.test(words)) return { name: 'digest', sub: 'trust' };
      const governors = /^governors\s+(\S+)\s+(\S+)$/i.exec(words);
      return governors ? { name: 'digest', sub: 'governors', from: governors[1] ?? '', to: governors[2] ?? '' } : { name: 'digest', sub: 'school' };
    }
    if (/^\s*\/?setup\s+check\s*$/i.test(text)) return { name: 'setup-check' };
    // Commands added since, which take the rest of the line as typed.
    const own = /^\s*\/?(transfer|export|cases)(?!\w)([\s\S]*)$/i.exec(text);
    if (own) return { name: (own[1] ?? '').toLowerCase() as 'transfer', text: (own[2] ?? '').trim() };
    return { name: 'unknown' };
  }

  /** What Slack's /report did before: help, registering, the setup check, else the form. */
  function slackReportBefore(text: string): Command {
    const words = text.trim();
    if (/^help$/i.test(words)) return { name: 'help' };
    if (/^register\s+dsl\s+channel$/i.test(words)) return { name: 'register-dsl-channel' };
    if (/^setup\s+check$/i.test(words)) return { name: 'setup-check' };
    const own = /^(transfer|export|cases)(?!\w)([\s\S]*)$/i.exec(words);
    if (own) return { name: (own[1] ?? '').toLowerCase() as 'transfer', text: (own[2] ?? '').trim() };
    return { name: 'report' };
  }

  const word = fc.constantFrom(
    'report',
    'REPORT',
    'aup',
    'Aup',
    'digest',
    'setup',
    'check',
    'register',
    'dsl',
    'channel',
    'help',
    'status',
    'export',
    'add',
    'trust',
    'governors',
    '2025-09-01',
    'Sam,',
    'visitor',
    'x',
    '/',
    '-',
    '',
  );
  const gap = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '');
  const typedText = fc.array(fc.tuple(word, gap), { maxLength: 6 }).map((parts) => parts.map(([w, g]) => w + g).join(''));
  const anyText = fc.oneof(
    typedText,
    fc.string({ maxLength: 40 }),
    fc.tuple(gap, typedText).map(([g, t]) => g + t),
  );

  test('reads every Teams message as Teams did, except "report help", "report setup check" and "report register dsl channel", which now do what they do on Slack', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const now = parseCommand(text);
        const before = teamsBefore(text);
        const unified =
          before.name === 'report' && ['help', 'setup-check', 'register-dsl-channel', 'transfer', 'export', 'cases'].includes(slackReportBefore(text.trim().replace(/^\/?report\b\s*/i, '')).name);
        // Teams always answered "help" with the help; it is a command of its own now, with the same answer.
        const same = (c: Command) => (c.name === 'help' ? { name: 'unknown' } : c);
        expect(same(now)).toEqual(unified ? same(slackReportBefore(text.trim().replace(/^\/?report\b\s*/i, ''))) : same(before));
      }),
      { numRuns: 3000, seed: 14 },
    );
  });

  test("reads every Slack /report, /aup and /digest as Slack did (the slash command's text after its name)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(parseCommand(`/report ${text}`)).toEqual(slackReportBefore(text));
        expect(parseCommand(`/aup ${text}`)).toEqual(teamsBefore(`aup ${text.trim()}`));
        expect(parseCommand(`/digest ${text}`)).toEqual(teamsBefore(`digest ${text.trim()}`));
      }),
      { numRuns: 3000, seed: 14 },
    );
  });
});

describe('helpText', () => {
  test('names every role the commands list in words (never a raw key such as "it technician")', () => {
    for (const platform of ['teams', 'slack'] as const) expect(helpText(platform)).not.toMatch(/\bit technician\b|\bsenco\b|\bdpo\b/);
  });

  test('names every command as each platform takes it, and every sub-command', () => {
    for (const spec of COMMANDS) {
      expect(helpText('teams')).toContain(`**${spec.words.join(' ')}**`);
      expect(helpText('slack')).toContain(`\`${typedCommand(spec, 'slack')}\``);
      for (const sub of spec.subcommands ?? []) {
        expect(helpText('teams')).toContain(`**${typedCommand(spec, 'teams', sub.usage)}**`);
        expect(helpText('slack')).toContain(`\`${typedCommand(spec, 'slack', sub.usage)}\``);
      }
    }
    expect(helpText('slack')).toContain('`/report setup check`');
    expect(helpText('teams')).not.toContain('/report');
  });

  test('every command the help shows is one the parser reads as that command', () => {
    const shown = (help: string, mark: RegExp) => [...help.matchAll(mark)].map((m) => (m[1] ?? '').replace(/ Name, audience, email$/, ' Sam, visitor'));
    for (const typed of [...shown(helpText('teams'), /\*\*([^*]+)\*\*/g), ...shown(helpText('slack'), /`([^`]+)`/g)]) {
      expect([typed, parseCommand(typed).name]).not.toEqual([typed, 'unknown']);
    }
    expect(parseCommand(typedCommand(commandSpec('setup-check'), 'slack'))).toEqual({ name: 'setup-check' });
    expect(parseCommand(typedCommand(commandSpec('aup'), 'teams', 'add Sam, visitor'))).toEqual({ name: 'aup', sub: 'add', row: 'Sam, visitor' });
  });

  test('says who may use each command in the roles the use cases check', () => {
    expect(whoWords(SETUP_CHECK_ROLES)).toBe('Safeguarding leads, the online-safety lead and head teachers');
    expect(whoWords(AUP_MANAGERS)).toBe('The online-safety lead and head teachers');
    expect(whoWords(DIGEST_READERS)).toBe('Head teachers, safeguarding leads and the online-safety lead');
    for (const platform of ['teams', 'slack'] as const) {
      expect(helpText(platform)).toContain('Safeguarding leads, the online-safety lead and head teachers: type');
      expect(helpText(platform)).toContain('Head teachers, safeguarding leads and the online-safety lead: type');
    }
    expect(commandSpec('setup-check').who).toBe(SETUP_CHECK_ROLES);
    expect(commandSpec('digest').who).toBe(DIGEST_READERS);
  });

  test('keeps what each platform needs: the @mention in a Teams channel, the invitation and the Home tab on Slack, 999 on both', () => {
    expect(helpText('teams')).toContain('@mention me and type **register dsl channel**');
    expect(helpText('slack')).toContain('type `/report register dsl channel` in your private safeguarding channel (after inviting me to it)');
    expect(helpText('slack')).toContain('Home tab');
    expect(helpText('teams')).not.toContain('Home tab');
    for (const platform of ['teams', 'slack'] as const) {
      expect(helpText(platform).startsWith("I help you report an online-safety concern and follow your school's procedure.")).toBe(true);
      expect(helpText(platform).endsWith('If a child is in immediate danger, call 999 first.')).toBe(true);
    }
  });
});

describe('the manifests', () => {
  test("Slack's slash commands are the registry's, and each usage hint lists the words that may follow", () => {
    const manifest = parse(readFileSync('manifest/slack/manifest.yml', 'utf8'));
    const slash = manifest.features.slash_commands as Array<{ command: string; usage_hint: string }>;
    expect(slash.map((c) => c.command)).toEqual([...SLASH_COMMANDS]);
    for (const { command, usage_hint } of slash) {
      const under = COMMANDS.filter((c) => c.slash === command);
      const words = [...under.filter((c) => typedCommand(c, 'slack') !== command).map((c) => c.words.join(' ')), ...under.flatMap((c) => (c.subcommands ?? []).map((s) => s.usage))];
      for (const w of words) expect(usage_hint).toContain(w);
    }
  });

  test('every command Teams offers in its command menu is one the bot reads', () => {
    const manifest = JSON.parse(readFileSync('manifest/teams/manifest.json', 'utf8'));
    const titles = (manifest.bots[0].commandLists as Array<{ commands: Array<{ title: string }> }>).flatMap((l) => l.commands.map((c) => c.title));
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect([title, parseCommand(title).name]).not.toEqual([title, 'unknown']);
  });
});
