/** `npm start`: the bot on the configured store, plus the Agents Playground when running locally. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadPolicyPack } from './load-policy-pack';
import { ConfigError, authEnabled, loadConfig, playgroundEnv } from './config';
import { pinoLogger } from './pino-logger';
import { createBot } from './create-bot';
import { openStore } from './open-store';
import { clockStartingAt, systemClock } from '../ports/clock';
import { playgroundPeople, startPlaygroundAs } from './playground-people';
import { existsSync, readFileSync } from 'node:fs';
import { seedDemoPupils } from '../core/pupils/demo-register';

function startPlayground(port: number, playgroundPort: number): () => void {
  const bin = join(process.cwd(), 'node_modules', '.bin', 'agentsplayground');
  // The Playground exits when its standard input closes, so keep a pipe open for its lifetime.
  const child = spawn(bin, ['-e', `http://127.0.0.1:${port}/api/messages`, '-c', 'msteams', '-p', String(playgroundPort), '--dt'], {
    stdio: ['pipe', 'inherit', 'inherit'],
    // Without this it tries to open a desktop browser and exits where there is none.
    env: playgroundEnv(),
  });
  child.on('exit', (code) => process.stdout.write(`Agents Playground stopped (${code ?? 'signal'}).\n`));
  return () => child.kill('SIGTERM');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pinoLogger(config.LOG_LEVEL);
  const pack = loadPolicyPack(config.POLICY_DIR);
  const store = await openStore(config, logger, config.NODE_ENV === 'production' ? undefined : (words) => process.stdout.write(words));
  const clock = config.CLOCK_START ? clockStartingAt(new Date(config.CLOCK_START)) : systemClock;
  // A start that fails (the port taken, say) still closes the store: the next start must not take it for a crash.
  const bot = await createBot({ config, pack, store, logger, clock }).catch(async (error: unknown) => {
    await store.close().catch(() => undefined);
    throw error;
  });
  const port = Number(new URL(bot.url).port);
  logger.info('bot.started', {
    port,
    store: config.STORE,
    pack: pack.version,
    slack: bot.slackUrl ? (bot.slackUrl === bot.url ? 'same-port' : 'own-port') : config.SLACK_APP_TOKEN ? 'socket-mode' : 'off',
  });
  // A person starting it by hand gets plain words too; in production the JSON line above is enough.
  if (config.NODE_ENV !== 'production') {
    process.stdout.write(`eSafety bot listening on ${bot.url}/api/messages (policy pack ${pack.version}, ${config.STORE} store)\n`);
    if (bot.slackUrl) process.stdout.write(`Slack app listening on ${bot.slackUrl}/slack/events\n`);
    else if (config.SLACK_APP_TOKEN) process.stdout.write('Slack app connected in Socket Mode (local development only)\n');
  }
  let stopPlayground = () => {};
  if (config.PLAYGROUND === 'on' && !authEnabled(config)) {
    stopPlayground = startPlayground(port, config.PLAYGROUND_PORT);
    // The demo's fictional register, so the report's pupil search works in the Playground (only into a school with no pupils).
    const demoPupils = join(config.POLICY_DIR, 'demo-pupils.csv');
    if (existsSync(demoPupils) && pack.schools[0]) {
      const added = await seedDemoPupils(bot.deps, pack.schools[0].id, readFileSync(demoPupils, 'utf8')).catch((error: { code?: string }) =>
        logger.warn('demo.pupils-not-loaded', { error: error.code ?? 'unknown' }),
      );
      if (added) process.stdout.write(`Loaded ${added} fictional pupils (${demoPupils}) into ${pack.schools[0].name}'s register for the demo.\n`);
    }
    process.stdout.write(`\nOpen the Microsoft 365 Agents Playground: http://localhost:${config.PLAYGROUND_PORT}\nType "report" in the chat to start.\n\n`);
    if (config.PLAYGROUND_PEOPLE === 'on') {
      const people = playgroundPeople(pack, config.PLAYGROUND_PORT);
      const children = people.map((p) => startPlaygroundAs(p, port, join(config.DATA_DIR, 'playground')));
      const first = stopPlayground;
      stopPlayground = () => {
        first();
        for (const c of children) c.kill('SIGTERM');
      };
      process.stdout.write('Playgrounds signed in as the other role holders (open each once and say "hi", so the bot can reach them):\n');
      for (const p of people) process.stdout.write(`  http://localhost:${p.port}  ${p.name} (${p.roles.join(', ')})\n`);
      process.stdout.write('\n');
    }
  }
  // App Service (and Ctrl-C) asks politely first: finish what is in flight, then exit. A second signal exits at once.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('bot.stopping', { signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
    stopPlayground();
    try {
      await bot.close();
      await store.close();
      process.exit(0);
    } catch (error) {
      logger.error('bot.stop-failed', { error: (error as Error).name });
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** What a person starting the bot reads when it cannot start: plain words where the cause is known. */
function startFailure(error: { code?: string; message?: string; stack?: string; address?: string; port?: number }): string {
  if (error instanceof ConfigError || error?.code === 'policy-pack-invalid') return error.message ?? '';
  if (error?.code === 'EADDRINUSE') return `Port ${error.port} on ${error.address} is already in use (is the bot already running?). Stop the other program or set PORT to a free port.`;
  return String(error?.stack ?? error);
}

main().catch((error) => {
  process.stderr.write(`${startFailure(error)}\n`);
  process.exit(1);
});
