/**
 * `parseCommand`: what a person typed, read by the command table (`command-registry.ts`) into a typed
 * command. Teams passes the message as it came (`aup status`, `/report`); Slack its slash command and text
 * together (`/report setup check`). Words match without regard to case and any run of spaces may separate
 * them; what follows a command that takes nothing more is ignored, as it always was. Text that starts no
 * command is `unknown`, which both platforms answer with the help. Linear in the text's length, however
 * long it is (no pattern here can backtrack).
 */
import { COMMANDS, type CommandSpec, type SubcommandSpec } from './command-registry';

/** A command read from what someone typed; `unknown` when it starts none (answer it with `helpText`). */
export type Command =
  | { name: 'report' }
  | { name: 'help' }
  | { name: 'setup-check' }
  | { name: 'register-dsl-channel' }
  /** `mine`: the person's own agreement; `status`, `export`: the lead's views. */
  | { name: 'aup'; sub: 'mine' | 'status' | 'export' }
  /** `row`: the one CSV line typed after `add` (name, audience, email), not yet checked. */
  | { name: 'aup'; sub: 'add'; row: string }
  | { name: 'digest'; sub: 'school' | 'trust' }
  /** `from`, `to`: the two words typed as dates, not yet checked (the use case checks them). */
  | { name: 'digest'; sub: 'governors'; from: string; to: string }
  /** `text`: what followed the command's word, trimmed and not yet checked (the use case reads it). */
  | { name: 'transfer'; text: string }
  | { name: 'cases'; text: string }
  | { name: 'export'; text: string }
  /** `text`: the part of a child's name or class typed after `pupil`. */
  | { name: 'pupil'; text: string }
  /** `text`: the address, how long and why, as typed after `unblock` (core reads it). */
  | { name: 'unblock'; text: string }
  /** `text`: what followed `filtering` (`log`, `log csv`, `block …`, `category …`). */
  | { name: 'filtering'; text: string }
  | { name: 'unknown' };

const SPACE = /^\s/;
const LEADING_SPACE = /^\s+/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** The word at the start (letters, digits, `_`) in lower case, and the text after it as it was. */
function firstWord(text: string): [string, string] {
  const word = /^\w*/.exec(text)?.[0] ?? '';
  return [word.toLowerCase(), text.slice(word.length)];
}

/** The text after `words` when it starts with them (each after a run of spaces); undefined otherwise. */
function afterWords(text: string, words: readonly string[]): string | undefined {
  let rest = text;
  for (const [i, expected] of words.entries()) {
    if (i > 0) {
      if (!SPACE.test(rest)) return undefined;
      rest = rest.replace(LEADING_SPACE, '');
    }
    const [word, after] = firstWord(rest);
    if (word !== expected) return undefined;
    rest = after;
  }
  return rest;
}

/** The spec whose words are all of `text`, among the exact commands (`setup check`, `help`). */
function exactCommand(text: string, among: readonly CommandSpec[]): CommandSpec | undefined {
  return among.find((c) => c.exact && afterWords(text, c.words) === '');
}

function subcommand(spec: CommandSpec, words: string): { sub: SubcommandSpec; args: string[] } | undefined {
  const [word, rest] = firstWord(words);
  const sub = spec.subcommands?.find((s) => s.sub === word);
  if (!sub) return undefined;
  if (sub.takes === 'none') return rest === '' ? { sub, args: [] } : undefined;
  if (!SPACE.test(rest)) return undefined;
  const after = rest.replace(LEADING_SPACE, '');
  if (sub.takes === 'row') return after && !LINE_BREAK.test(after) ? { sub, args: [after] } : undefined;
  const dates = after.split(/\s+/);
  return dates.length === 2 ? { sub, args: dates } : undefined;
}

/** The commands that take the rest of the line as it was typed. */
const TEXT_COMMANDS: readonly string[] = ['transfer', 'cases', 'export', 'pupil', 'unblock', 'filtering'];

function typed(spec: CommandSpec, words: string): Command {
  if (TEXT_COMMANDS.includes(spec.name)) return { name: spec.name as 'transfer', text: words.trim() };
  if (spec.name !== 'aup' && spec.name !== 'digest') return { name: spec.name as 'report' };
  const found = subcommand(spec, words);
  const sub = found?.sub.sub ?? spec.otherwise;
  if (spec.name === 'aup') return sub === 'add' ? { name: 'aup', sub, row: found?.args[0] ?? '' } : { name: 'aup', sub: sub as 'mine' | 'status' | 'export' };
  return sub === 'governors' ? { name: 'digest', sub, from: found?.args[0] ?? '', to: found?.args[1] ?? '' } : { name: 'digest', sub: sub as 'school' | 'trust' };
}

/** Reads one message or slash command (with its text) into a command. */
export function parseCommand(text: string): Command {
  const trimmed = text.trim();
  const body = trimmed.startsWith('/') ? trimmed.slice(1) : trimmed;
  // A slash command's own word first: `report`, `aup`, `digest`, each with whatever follows.
  for (const spec of COMMANDS.filter((c) => !c.exact)) {
    const rest = afterWords(body, spec.words);
    if (rest === undefined) continue;
    const words = rest.replace(LEADING_SPACE, '');
    // Only a slash command's own word has commands under it (`transfer setup check` is a transfer's words).
    if (`/${spec.words.join(' ')}` !== spec.slash) return typed(spec, words);
    // The commands that live under this slash command on Slack may follow it on either platform (`report setup check`).
    const under = exactCommand(
      words,
      COMMANDS.filter((c) => c.slash === spec.slash && c !== spec),
    );
    if (under) return { name: under.name } as Command;
    // A command that takes words of its own may follow its slash command too (`/report transfer …`).
    const nested = COMMANDS.find((c) => !c.exact && c !== spec && c.slash === spec.slash && afterWords(words, c.words) !== undefined);
    return nested ? typed(nested, (afterWords(words, nested.words) ?? '').replace(LEADING_SPACE, '')) : typed(spec, words);
  }
  const exact = exactCommand(body, COMMANDS);
  return exact ? ({ name: exact.name } as Command) : { name: 'unknown' };
}

/**
 * When a slash command is followed by the words of a command that has its own slash command in Slack
 * (`/report digest governors …`), that command as it should be typed (`/digest governors …`), so the
 * person is told instead of being sent somewhere else; `undefined` otherwise.
 */
export function typedUnderOtherSlash(slash: string, text: string): string | undefined {
  const words = text.trim();
  for (const spec of COMMANDS.filter((c) => !c.exact && c.slash !== slash && `/${c.words.join(' ')}` === c.slash)) {
    const rest = afterWords(words, spec.words);
    if (rest !== undefined) return `${spec.slash}${rest.trim() ? ` ${rest.trim()}` : ''}`;
  }
  return undefined;
}
