/**
 * Each chat platform's SDK stays inside its own adapter folder, so replacing one (botbuilder + teams-ai
 * v1 by Teams SDK v2 or the Microsoft 365 Agents SDK) touches that folder and the config only.
 * `scripts/` and `test/` may use the SDKs; nothing else under `src/` may, the composition root included.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.[cm]?[jt]sx?$/.test(name) ? [path] : [];
  });
}

/** Every module a file names: static imports and re-exports (type-only too), side-effect imports, `import()` and `require()`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const pattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...text.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
}

interface Boundary {
  platform: string;
  /** The one folder allowed to import these packages. */
  home: string;
  packages: RegExp;
}

const BOUNDARIES: Boundary[] = [
  // Today's SDKs and the ones a migration would bring (`@microsoft/teams.*`, `@microsoft/agents-*`).
  { platform: 'Teams', home: 'src/adapters/teams/', packages: /^(botbuilder|botframework-|@microsoft\/teams-ai|@microsoft\/teams\.|@microsoft\/agents-|adaptivecards)/ },
  { platform: 'Slack', home: 'src/adapters/slack/', packages: /^@slack\// },
  { platform: 'Cosmos DB', home: 'src/adapters/cosmos/', packages: /^@azure\/cosmos/ },
  // Evidence files in Azure Blob Storage: only the blob adapter talks to it.
  { platform: 'Azure Blob Storage', home: 'src/adapters/blob/', packages: /^@azure\/storage-blob/ },
  // The embedded store's SQLite: only its adapter opens the file.
  { platform: 'SQLite', home: 'src/adapters/embedded/', packages: /^node:sqlite$/ },
  // The PDF library and its font: only the PDF adapter lays a document out.
  { platform: 'PDF', home: 'src/adapters/pdf/', packages: /^(pdfkit|dejavu-fonts-ttf)/ },
];

const files = sourceFiles(join(root, 'src')).map((path) => ({ path: relative(root, path).split('\\').join('/'), imports: importsOf(path) }));

describe('platform boundaries', () => {
  it.each(BOUNDARIES)('only $home imports the $platform SDK', ({ home, packages }) => {
    const offences = files.filter((f) => !f.path.startsWith(home)).flatMap((f) => f.imports.filter((spec) => packages.test(spec)).map((spec) => `${f.path} imports ${spec}`));
    expect(offences).toEqual([]);
  });

  it.each(BOUNDARIES)('the check sees the $platform SDK where it is used (so an empty list above means something)', ({ home, packages }) => {
    const inside = files.filter((f) => f.path.startsWith(home) && f.imports.some((spec) => packages.test(spec)));
    expect(inside.length).toBeGreaterThan(0);
  });

  it('the HTTP server mounts the routes it is given and imports no adapter', () => {
    const server = 'src/app/http-server.ts';
    const adapters = importsOf(join(root, server))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) =>
        relative(root, resolve(dirname(join(root, server)), spec))
          .split('\\')
          .join('/'),
      )
      .filter((target) => target.startsWith('src/adapters/'));
    expect(adapters).toEqual([]);
  });
});
