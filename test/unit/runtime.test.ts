/**
 * The one runtime: Node 22 LTS from the project's own `node@22` devDependency, whatever Node the machine
 * has, and no native add-on built at install time (npm install runs on the machine's Node, so one would
 * be built for the wrong runtime).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function platformPrebuilt(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return Array.isArray((JSON.parse(readFileSync(manifest, 'utf8')) as { cpu?: unknown }).cpu);
}

function nativeBinaries(dir: string, depth = 0): string[] {
  if (depth > 6) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'prebuilds') return [];
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return [];
    // A package published once per platform (it names its `cpu`) is a prebuilt N-API binary npm downloads
    // for this machine, ABI-stable across Node versions: not compiled at install (pdf-parse's canvas, dev only).
    if (stat.isDirectory() && platformPrebuilt(path)) return [];
    if (stat.isDirectory()) return nativeBinaries(path, depth + 1);
    return name.endsWith('.node') ? [path.slice(ROOT.length + 1)] : [];
  });
}

test('tests run on Node 22 LTS, the version the project pins and App Service runs', () => {
  expect(process.versions.node.split('.')[0]).toBe('22');
  expect(pkg.devDependencies.node).toBe(process.versions.node);
  expect(pkg.engines.node).toBe('>=22.12');
});

test('node:sqlite is there (the embedded store needs nothing else)', () => {
  const { DatabaseSync } = require('node:sqlite') as typeof import('node:sqlite');
  const db = new DatabaseSync(':memory:');
  expect(db.prepare("SELECT json_extract('{\"a\":1}', '$.a') AS a").get()).toEqual(expect.objectContaining({ a: 1 }));
  db.close();
});

test('no native add-on was compiled at install time (it would be built for the machine Node, not Node 22)', () => {
  expect(nativeBinaries(join(ROOT, 'node_modules'))).toEqual([]);
});
