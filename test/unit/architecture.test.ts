/** The direction of imports is the architecture: checked here so it cannot rot. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

const sdk = /^(botbuilder|botframework-|@microsoft\/|@slack\/|@azure\/|restify|adaptivecards)/;

describe('architecture', () => {
  it('src/core imports no SDK, no adapter and no app code', () => {
    const offences = files(join(root, 'src/core')).flatMap((file) =>
      imports(file)
        .filter((spec) => sdk.test(spec) || (spec.startsWith('.') && /src\/(adapters|app)\//.test(relative(root, resolve(dirname(file), spec)) + '/')))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('src/ports imports nothing but Node built-ins and other ports', () => {
    const offences = files(join(root, 'src/ports')).flatMap((file) =>
      imports(file).filter((spec) => !spec.startsWith('node:') && !spec.startsWith('./')).map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('adapters never import each other, nor the app', () => {
    const adaptersDir = join(root, 'src/adapters');
    const offences = readdirSync(adaptersDir).flatMap((adapter) =>
      files(join(adaptersDir, adapter)).flatMap((file) =>
        imports(file)
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => relative(root, resolve(dirname(file), spec)))
          .filter((target) => (target.startsWith('src/adapters/') && !target.startsWith(`src/adapters/${adapter}/`)) || target.startsWith('src/app/'))
          .map((target) => `${relative(root, file)} imports ${target}`),
      ),
    );
    expect(offences).toEqual([]);
  });

  it('only src/app/config.ts reads process.env', () => {
    const readers = files(join(root, 'src')).filter((f) => /process\.env/.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(readers).toEqual(['src/app/config.ts']);
  });
});
