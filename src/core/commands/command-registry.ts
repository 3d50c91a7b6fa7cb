/**
 * Every command a person can type, in one table both platforms read: what starts it, its sub-commands,
 * who may use it and its one line of help. Teams takes the words as a message (`setup check`); Slack
 * under one of its slash commands (`/report setup check`). `parseCommand` reads text by this table and
 * `helpText` writes the help from it, so the help and the parsing cannot disagree on either platform.
 * The roles are the ones the use cases themselves check; the table only repeats them in words.
 */
import { AUP_MANAGERS } from '../aup/register-people';
import { GOVERNOR_REPORT_READERS } from '../digest/governors-report';
import { DIGEST_READERS } from '../digest/read-digest';
import type { RoleKey } from '../policy/schema';
import { SETUP_CHECK_ROLES } from '../setup/setup-check';
import { TRANSFER_ROLES } from '../casefile/transfer-record';
import { INCIDENT_LEAD_ROLES } from '../casefile/export-incident';
import { DEFAULT_CHILD_FILE_READERS } from '../casefile/open-child-file';
import { FILTERING_LOG_READERS } from '../filtering/filtering-rules';
import { REVIEW_RECORDERS } from '../filtering/filtering-review';

/** The chat platforms a command can be typed on. */
export type CommandPlatform = 'teams' | 'slack';

/** Slack's slash commands: each command lives under one (the manifest lists exactly these). */
export const SLASH_COMMANDS = ['/report', '/aup', '/digest'] as const;
/** One of Slack's slash commands. */
export type SlashCommand = (typeof SLASH_COMMANDS)[number];

/** The roles that may make a channel the school's safeguarding channel (the adapters check them). */
export const DSL_CHANNEL_REGISTRARS: readonly RoleKey[] = ['dsl', 'deputy-dsl'];
/** The role that may read the trust's digest of every school (`isTrustLead` checks it). */
export const TRUST_DIGEST_READERS: readonly RoleKey[] = ['trust-safeguarding-lead'];

/** A sub-command: the word after the command (`aup status`), what it takes, who may use it, and its help. */
export interface SubcommandSpec {
  /** The word that selects it, matched without regard to case. */
  sub: string;
  /** `none`: nothing may follow the word; `row`: one line of CSV follows; `dates`: two dates follow. */
  takes: 'none' | 'row' | 'dates';
  /** What follows the command when it is typed, for the help (`add Name, audience, email`). */
  usage: string;
  /** Who may use it; undefined when anyone may. */
  who?: readonly RoleKey[];
  /** What it does, after the command in the help (`shows who has signed`). */
  help: string;
}

/** A command: the words that start it, where it lives on Slack, who may use it, and its help. */
export interface CommandSpec {
  name: 'report' | 'aup' | 'digest' | 'setup-check' | 'register-dsl-channel' | 'transfer' | 'export' | 'cases' | 'pupil' | 'unblock' | 'filtering' | 'help';
  /** The words that start it, each matched without regard to case; any run of spaces may separate them. */
  words: readonly string[];
  /** Slack's slash command it lives under; a command that is not the slash command's own word follows it (`/report setup check`). */
  slash: SlashCommand;
  /** True when nothing may follow the words (`setup check`); otherwise the rest is the sub-command or ignored. */
  exact: boolean;
  /** Who may use it; undefined when anyone may. */
  who?: readonly RoleKey[];
  /**
   * Its line in the help: `{command}` is the command as typed on the platform, `{who}` who may use it.
   * A line that differs by platform (a Teams channel needs an @mention, a Slack one an invitation) gives both.
   */
  help: string | Record<CommandPlatform, string>;
  /** Words it takes after its own, each its own use; anything else runs `otherwise`. */
  subcommands?: readonly SubcommandSpec[];
  /** The sub-command run when no sub-command word follows (`aup` alone shows your own agreement). */
  otherwise?: string;
}

/** The commands, in the order the help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'report',
    words: ['report'],
    slash: '/report',
    exact: false,
    help: 'Type {command} to start a report. Only you and the people your school names will see it.',
  },
  {
    name: 'aup',
    words: ['aup'],
    slash: '/aup',
    exact: false,
    help: 'Type {command} to read and sign your acceptable use agreement.',
    otherwise: 'mine',
    subcommands: [
      { sub: 'status', takes: 'none', usage: 'status', who: AUP_MANAGERS, help: 'shows who has signed and who is overdue' },
      { sub: 'add', takes: 'row', usage: 'add Name, audience, email', who: AUP_MANAGERS, help: 'adds a visitor, governor or parent to the register' },
      { sub: 'export', takes: 'none', usage: 'export', who: AUP_MANAGERS, help: 'gives every signature as CSV' },
    ],
  },
  {
    name: 'digest',
    words: ['digest'],
    slash: '/digest',
    exact: false,
    who: DIGEST_READERS,
    help: '{who}: type {command} for the weekly digest.',
    otherwise: 'school',
    subcommands: [
      { sub: 'trust', takes: 'none', usage: 'trust', who: TRUST_DIGEST_READERS, help: "gives the trust's digest of every school" },
      {
        sub: 'governors',
        takes: 'dates',
        usage: 'governors 2025-09-01 2026-08-31',
        who: GOVERNOR_REPORT_READERS,
        help: "gives the governors' report for those dates, with its incident log as CSV",
      },
    ],
  },
  {
    name: 'setup-check',
    words: ['setup', 'check'],
    slash: '/report',
    exact: true,
    who: SETUP_CHECK_ROLES,
    help: '{who}: type {command} to see, privately, whether I can reach everyone your policy pack names, and what to fix.',
  },
  {
    name: 'register-dsl-channel',
    words: ['register', 'dsl', 'channel'],
    slash: '/report',
    exact: true,
    who: DSL_CHANNEL_REGISTRARS,
    help: {
      teams: '{who}: in your private safeguarding channel, @mention me and type {command} to receive escalations there.',
      slack: '{who}: type {command} in your private safeguarding channel (after inviting me to it) to receive escalations there.',
    },
  },
  {
    name: 'transfer',
    words: ['transfer'],
    slash: '/report',
    exact: false,
    who: TRANSFER_ROLES,
    help: "{who}: type {command} Name to New School for the child's file as PDF and JSON to send on (add starting 2026-12-07 if the child starts there later; add receipt TR-3F9A2C instead of the name when the new school has it).",
  },
  {
    name: 'pupil',
    words: ['pupil'],
    slash: '/report',
    exact: false,
    who: DEFAULT_CHILD_FILE_READERS,
    help: {
      teams: "{who}: in a 1:1 chat with me, type {command} and part of a child's name (pupil Jamie) to open their file: every incident, note, decision and task about them.",
      slack: "{who}: type {command} and part of a child's name (/report pupil Jamie) to open their file, privately: every incident, note, decision and task about them.",
    },
  },
  {
    name: 'cases',
    words: ['cases'],
    slash: '/report',
    exact: false,
    who: INCIDENT_LEAD_ROLES,
    help: '{who}: type {command} for the open cases you may lead, overdue first; add pupil and a name, or a type such as bullying, to narrow it.',
  },
  {
    name: 'export',
    words: ['export'],
    slash: '/report',
    exact: false,
    who: INCIDENT_LEAD_ROLES,
    help: "{who}, for an incident you lead: type {command} ES-2026-0042 for that incident's record as PDF, for a police or LADO request (pupils named only by their part).",
  },
  {
    name: 'unblock',
    words: ['unblock'],
    slash: '/report',
    exact: false,
    help: 'Type {command} www.example.org for the lesson because (your reason) to ask for a blocked site for a lesson, a period (for period 3) or until a time today (until 15:10).',
  },
  {
    name: 'filtering',
    words: ['filtering'],
    slash: '/report',
    exact: false,
    who: FILTERING_LOG_READERS,
    help: '{who}: type {command} log for every change to the web filter (add csv for a spreadsheet); technicians type {command} block www.example.org because (why) to log a new block (add closes ES-2026-0042 for the filtering breach it closes).',
    // `review` opens the yearly review's form; the adapters send it there before the change log's words.
    subcommands: [{ sub: 'review', takes: 'none', usage: 'review', who: REVIEW_RECORDERS, help: "records the year's review of filtering and monitoring, in a private chat" }],
  },
  { name: 'help', words: ['help'], slash: '/report', exact: true, help: 'Type {command} to see this again.' },
];

/** The command with this name (every name is in the table). */
export function commandSpec(name: CommandSpec['name']): CommandSpec {
  return COMMANDS.find((c) => c.name === name) as CommandSpec;
}

/** How a command's words are typed on a platform: `setup check` in Teams, `/report setup check` in Slack. */
export function typedCommand(spec: Pick<CommandSpec, 'words' | 'slash'>, platform: CommandPlatform, after = ''): string {
  const words = spec.words.join(' ');
  const typed = platform === 'teams' ? words : spec.slash === `/${words}` ? spec.slash : `${spec.slash} ${words}`;
  return after ? `${typed} ${after}` : typed;
}
