/**
 * All settings, parsed once from the environment with zod. Nothing else reads `process.env`.
 * Start-up fails listing every missing or bad key. Secrets are never logged.
 */
import { z } from 'zod';

const onOff = z.enum(['on', 'off']);

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3978),
    /**
     * The address to listen on. Without Bot Framework credentials the bot accepts unauthenticated
     * requests, so it listens on this machine only (127.0.0.1) and refuses any other address; with them,
     * it listens on every interface (0.0.0.0) unless told otherwise.
     */
    HOST: z.string().min(1).optional(),
    POLICY_DIR: z.string().min(1).default('policy'),
    STORE: z.enum(['embedded', 'cosmos']).default('embedded'),
    DATA_DIR: z.string().min(1).default('data'),
    COSMOS_ENDPOINT: z.string().url().optional(),
    COSMOS_KEY: z.string().min(1).optional(),
    COSMOS_DATABASE: z.string().min(1).default('esafety'),
    MicrosoftAppId: z.string().optional(),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: z.enum(['SingleTenant', 'UserAssignedMsi', 'MultiTenant']).default('SingleTenant'),
    MicrosoftAppTenantId: z.string().optional(),
    PLAYGROUND: onOff.default('on'),
    PLAYGROUND_PORT: z.coerce.number().int().min(1).max(65535).default(56150),
    /** `on`: one more Playground per demo role holder with a Teams id, each signed in as them (ports after PLAYGROUND_PORT). */
    PLAYGROUND_PEOPLE: onOff.default('off'),
    OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    NAG_INTERVAL_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** Scheduled jobs (AUP reminders); off for tests that drive them by hand. */
    SCHEDULER: onOff.default('on'),
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-/, 'a Slack bot token starts with xoxb-')
      .optional(),
    SLACK_SIGNING_SECRET: z.string().min(8).optional(),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, 'a Slack app-level token starts with xapp-')
      .optional(),
    SLACK_API_URL: z.string().url().optional(),
    /** Slack's own port, or `same` to serve `/slack/events` on PORT (App Service routes one port). */
    SLACK_PORT: z.union([z.literal('same'), z.coerce.number().int().min(0).max(65535)]).default(3979),
    /** New reports one person may start at once, and how many more an hour after that (per instance). */
    REPORT_LIMIT_BURST: z.coerce.number().int().min(1).max(1000).default(5),
    REPORT_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
    /** On SIGTERM: how long to finish requests in flight and the outbox pass under way before exiting. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(20_000),
    /**
     * Start the bot's clock at this instant and let it run on from there (a rehearsal of a Monday
     * morning, or a test of several processes on one store). Refused in production.
     */
    CLOCK_START: z.string().datetime({ offset: true }).optional(),
    /** Where evidence files are kept: `local` (under DATA_DIR/evidence, owner-only) or `blob` (Azure Blob Storage). */
    EVIDENCE_STORE: z.enum(['local', 'blob']).default('local'),
    /** The Blob account's URL (https://<account>.blob.core.windows.net), reached with the app's managed identity. */
    EVIDENCE_BLOB_URL: z.string().url().optional(),
    EVIDENCE_BLOB_CONTAINER: z
      .string()
      .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'a container name is 3-63 lower-case letters, digits and single hyphens')
      .default('evidence'),
    /** A connection string instead of the managed identity: Azurite or development only, refused in production. */
    EVIDENCE_BLOB_CONNECTION_STRING: z.string().min(1).optional(),
    /** The largest evidence file accepted, in bytes (10 MB by default, 50 MB at most). */
    EVIDENCE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** The bot's public address for one-time evidence links; App Service's own host name (WEBSITE_HOSTNAME) when not set. */
    EVIDENCE_LINK_BASE_URL: z.string().url().optional(),
    /** Set by App Service itself: the web app's host name. */
    WEBSITE_HOSTNAME: z.string().min(1).optional(),
    /**
     * Monitoring alerts (POST /monitoring/alerts): each school's signing secret, as a JSON object
     * {"<school id>": "<secret of 32 characters or more>"}. Unset: the endpoint refuses every alert.
     */
    MONITORING_SECRETS: z
      .string()
      .transform((raw, ctx) => {
        try {
          const parsed = z.record(z.string().min(1), z.string().min(32, 'a monitoring secret has at least 32 characters')).safeParse(JSON.parse(raw));
          if (parsed.success) return parsed.data;
          ctx.addIssue({ code: 'custom', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        } catch {
          ctx.addIssue({ code: 'custom', message: 'a JSON object of school id to secret' });
        }
        return z.NEVER;
      })
      .optional(),
    /** Monitoring alerts one school may send a minute (a token bucket: this many at once, refilled over the minute). */
    MONITORING_ALERTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(1200),
  })
  .superRefine((c, ctx) => {
    if (c.STORE === 'cosmos' && !c.COSMOS_ENDPOINT) ctx.addIssue({ code: 'custom', path: ['COSMOS_ENDPOINT'], message: 'required when STORE=cosmos' });
    if (c.MicrosoftAppId && c.MicrosoftAppType === 'SingleTenant' && !c.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'required with MicrosoftAppId for a SingleTenant bot' });
    }
    if (c.MicrosoftAppId && !c.MicrosoftAppTenantId) ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'required with MicrosoftAppId' });
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required with SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode)' });
    }
    if ((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && !c.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'required to run the Slack app' });
    }
    if (c.NODE_ENV === 'production' && c.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'Socket Mode is for local development; production uses HTTP with SLACK_SIGNING_SECRET' });
    }
    if (c.NODE_ENV === 'production' && c.CLOCK_START) {
      ctx.addIssue({ code: 'custom', path: ['CLOCK_START'], message: 'production runs on the real clock' });
    }
    if (c.HOST && !c.MicrosoftAppId && !isLoopback(c.HOST)) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOST'],
        message: `refusing to listen on ${c.HOST} without Bot Framework credentials: anyone who can reach it could act as the DSL. Set MicrosoftAppId, or leave HOST unset (this machine only)`,
      });
    }
    if (c.EVIDENCE_STORE === 'blob' && !c.EVIDENCE_BLOB_URL && !c.EVIDENCE_BLOB_CONNECTION_STRING) {
      ctx.addIssue({ code: 'custom', path: ['EVIDENCE_BLOB_URL'], message: 'required when EVIDENCE_STORE=blob' });
    }
    if (c.NODE_ENV === 'production' && c.EVIDENCE_BLOB_CONNECTION_STRING) {
      ctx.addIssue({ code: 'custom', path: ['EVIDENCE_BLOB_CONNECTION_STRING'], message: 'production reaches Blob Storage with its managed identity: set EVIDENCE_BLOB_URL instead' });
    }
    if (c.NODE_ENV === 'production' && !c.MicrosoftAppId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'production refuses to run without Bot Framework token validation' });
    }
  });
export type Config = z.infer<typeof ConfigSchema>;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Where the bot listens: as set, else every interface with auth on, else this machine only. */
export function listenHost(config: Config): string {
  return config.HOST ?? (authEnabled(config) ? '0.0.0.0' : '127.0.0.1');
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** True when Bot Framework tokens are validated on every request. */
export function authEnabled(config: Config): boolean {
  return Boolean(config.MicrosoftAppId);
}

/** True when the Slack app should start: a bot token plus a signing secret (HTTP) or an app token (Socket Mode). */
export function slackEnabled(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
}

/** The environment for the Agents Playground child process: told not to open a desktop browser. */
export function playgroundEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' };
}
