/**
 * Finds the npm and npx commands a Markdown file shows: each line of a shell code block (```sh, bash,
 * shell, console) and each inline code span that is a command. Prose mentions inside other blocks (the
 * folder tree's "(npm run data)") are not commands. Only what a reader would paste into a shell counts.
 */

/** One command as the README writes it. */
export interface ReadmeCommand {
  /** The command as written (whitespace collapsed), for messages. */
  text: string;
  /** 1-based line of README.md where it starts. */
  line: number;
  /** `KEY=value` assignments written before it, in order. */
  env: Array<[string, string]>;
  tool: 'npm' | 'npx';
  /** The words after `npm` / `npx`, quotes removed. */
  args: string[];
}

const SHELL_FENCES = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
const ENV_WORD = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** The words of one shell command: whitespace separates them, quotes group them, a backslash escapes outside single quotes. */
export function shellWords(segment: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < segment.length) word += segment[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < segment.length) {
      word += segment[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += c;
      started = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in: ${segment}`);
  if (started) words.push(word);
  return words;
}

/** A shell line cut into simple commands at `&&`, `||`, `;` and `|` outside quotes, without its `# comment`. */
export function shellSegments(line: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) {
      break;
    } else if (c === '&' || c === '|' || c === ';') {
      if (line[i + 1] === c) i++;
      segments.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  segments.push(current);
  return segments.map((s) => s.trim()).filter(Boolean);
}

function commandsIn(text: string, line: number): ReadmeCommand[] {
  const found: ReadmeCommand[] = [];
  for (const segment of shellSegments(text)) {
    const words = shellWords(segment);
    const env: Array<[string, string]> = [];
    let i = 0;
    for (; i < words.length; i++) {
      const assignment = ENV_WORD.exec(words[i] as string);
      if (!assignment) break;
      env.push([assignment[1] as string, assignment[2] as string]);
    }
    const tool = words[i];
    if (tool !== 'npm' && tool !== 'npx') continue;
    found.push({ text: segment.replace(/\s+/g, ' '), line, env, tool, args: words.slice(i + 1) });
  }
  return found;
}

/** Every npm/npx command in the Markdown text, in the order they appear. */
export function readmeCommands(markdown: string): ReadmeCommand[] {
  const lines = markdown.split('\n');
  const found: ReadmeCommand[] = [];
  // Fenced blocks are blanked out of the prose, so inline spans are found only outside them.
  const prose: string[] = [];
  let fence: { marker: string; shell: boolean } | undefined;
  let pending = '';
  let pendingLine = 0;
  lines.forEach((text, index) => {
    const open = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (!fence && open) {
      fence = { marker: open[1] as string, shell: SHELL_FENCES.has((open[2] ?? '').toLowerCase()) };
      prose.push('');
      return;
    }
    if (fence) {
      prose.push('');
      if (text.trim().startsWith(fence.marker)) {
        fence = undefined;
        return;
      }
      if (!fence.shell) return;
      if (!pending) pendingLine = index + 1;
      // A trailing backslash continues the command on the next line.
      if (/\\\s*$/.test(text)) {
        pending += `${text.replace(/\\\s*$/, '')} `;
        return;
      }
      found.push(...commandsIn(pending + text, pendingLine));
      pending = '';
      return;
    }
    prose.push(text);
  });
  const proseText = prose.join('\n');
  for (const span of proseText.matchAll(/`([^`]+)`/g)) {
    const body = span[1] as string;
    if (/\n\s*\n/.test(body)) continue; // a code span never crosses a paragraph
    const line = proseText.slice(0, span.index).split('\n').length;
    found.push(...commandsIn(body.replace(/\s+/g, ' ').trim(), line));
  }
  return found.sort((a, b) => a.line - b.line);
}
