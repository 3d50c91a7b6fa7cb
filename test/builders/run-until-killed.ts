import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * Runs a TypeScript child script, SIGKILLs it `killAfterMs` after it prints `ready`, and returns the
 * complete lines it printed (a line cut by the kill is dropped). Fails if it exits before the kill.
 */
export function runUntilKilled(script: string, args: string[], killAfterMs: number): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (!killed && stdout.length === 0 && chunk.startsWith('ready\n')) {
        setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, killAfterMs);
      }
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return fail(new Error(`${script} exited (${code}) before the kill:\n${stderr}`));
      done(stdout.split('\n').slice(0, -1));
    });
  });
}
