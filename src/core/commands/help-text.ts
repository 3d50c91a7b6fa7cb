/**
 * `helpText`: what the bot does and how to ask, written from the command table, so it names every command
 * as the platform takes it (Teams `**report**`, Slack `` `/report` ``) and says who may use each in the
 * same roles the use cases check.
 */
import { COMMANDS, type CommandPlatform, type CommandSpec, type SubcommandSpec, typedCommand } from './command-registry';

const INTRO = "I help you report an online-safety concern and follow your school's procedure.";
const DANGER = 'If a child is in immediate danger, call 999 first.';

/** What only one platform has. */
const PLATFORM_NOTES: Record<CommandPlatform, string[]> = {
  teams: [],
  slack: ['Your reports, and for safeguarding leads the open queue, are on my Home tab.'],
};

/** Each role as the help names its holders; the safeguarding lead and deputies are one group. */
const ROLE_GROUPS: Record<string, string> = {
  dsl: 'safeguarding leads',
  'deputy-dsl': 'safeguarding leads',
  'esafety-lead': 'the online-safety lead',
  head: 'head teachers',
  'chair-of-governors': 'the chair of governors',
  'trust-safeguarding-lead': 'the trust safeguarding lead',
  'filtering-lead': 'the senior leader for filtering and monitoring',
  'online-safety-governor': 'the online safety governor',
  'it-technician': 'the IT technician',
  senco: 'the SENCO',
  dpo: 'the data protection officer',
};

/** "Safeguarding leads, the online-safety lead and head teachers": who holds `roles`, in their order. */
export function whoWords(roles: readonly string[]): string {
  const groups = [...new Set(roles.map((r) => ROLE_GROUPS[r] ?? r.replace(/-/g, ' ')))];
  const words = groups.length <= 1 ? (groups[0] ?? 'anyone') : `${groups.slice(0, -1).join(', ')} and ${groups[groups.length - 1]}`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function shown(platform: CommandPlatform, typed: string): string {
  return platform === 'teams' ? `**${typed}**` : `\`${typed}\``;
}

/** The sub-commands in sentences, one per run of sub-commands the same people may use. */
function subcommandWords(spec: CommandSpec, platform: CommandPlatform): string[] {
  const runs: SubcommandSpec[][] = [];
  for (const sub of spec.subcommands ?? []) {
    const last = runs[runs.length - 1];
    if (last && last[0]?.who === sub.who) last.push(sub);
    else runs.push([sub]);
  }
  return runs.map((run) => {
    const uses = run.map((s) => `${shown(platform, typedCommand(spec, platform, s.usage))} ${s.help}`).join('; ');
    return `${whoWords(run[0]?.who ?? [])}: ${uses}.`;
  });
}

/** A command's line in the help: its own sentence, then its sub-commands'. */
export function commandHelp(spec: CommandSpec, platform: CommandPlatform): string {
  const template = typeof spec.help === 'string' ? spec.help : spec.help[platform];
  const own = template.replaceAll('{who}', whoWords(spec.who ?? [])).replaceAll('{command}', shown(platform, typedCommand(spec, platform)));
  return [own, ...subcommandWords(spec, platform)].join(' ');
}

/** The whole help for a platform: what the bot is for, each command, and what to do if a child is in danger. */
export function helpText(platform: CommandPlatform): string {
  const lines = [...COMMANDS.map((c) => commandHelp(c, platform)), ...PLATFORM_NOTES[platform]];
  if (platform === 'teams') return [INTRO, ...lines, DANGER].join('\n\n');
  return [INTRO, ...lines.map((l) => `• ${l}`), DANGER].join('\n');
}
