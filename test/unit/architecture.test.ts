/** The direction of imports is the architecture: checked here so it cannot rot. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

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

const coreDir = join(root, 'src/core');

/** The unit of core a path belongs to: its folder (`wizard`), or the file itself at the top of core (`deps.ts`). */
function coreUnit(path: string): string | undefined {
  const rel = relative(coreDir, path);
  if (rel.startsWith('..')) return undefined;
  const [first = '', ...rest] = rel.split(sep);
  return rest.length ? first : `${first.replace(/\.ts$/, '')}.ts`;
}

/** Unit → the units it imports → the import lines that say so (`incidents/build-incident.ts imports ../wizard/assessment`). */
function coreGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of files(coreDir)) {
    const from = coreUnit(file) as string;
    const edges = graph.get(from) ?? new Map<string, string[]>();
    graph.set(from, edges);
    for (const spec of imports(file).filter((s) => s.startsWith('.'))) {
      const to = coreUnit(resolve(dirname(file), spec));
      if (!to || to === from) continue;
      edges.set(to, [...(edges.get(to) ?? []), `${relative(coreDir, file)} imports ${spec}`]);
    }
  }
  return graph;
}

/** Every group of units that import each other in a ring (Tarjan's strongly connected components). */
function stronglyConnected(graph: Map<string, Map<string, string[]>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups;
}

/** The shortest ring from `start` back to itself inside `group`, as the units in order (`start` not repeated). */
function shortestRing(graph: Map<string, Map<string, string[]>>, group: string[], start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift() as string;
    for (const w of [...(graph.get(v)?.keys() ?? [])].sort()) {
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string);
        return path;
      }
      if (group.includes(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** Every pair of units that import each other, and the shortest ring through each unit caught in one, with an import for each step. */
function rings(graph: Map<string, Map<string, string[]>>): string[] {
  const found = new Map<string, string>();
  for (const group of stronglyConnected(graph)) {
    const pairs = group.flatMap((a) => group.filter((b) => a < b && graph.get(a)?.has(b) && graph.get(b)?.has(a)).map((b) => [a, b]));
    for (const ring of [...pairs, ...group.map((start) => shortestRing(graph, group, start))]) {
      const first = ring.indexOf([...ring].sort()[0] as string);
      const turned = [...ring.slice(first), ...ring.slice(0, first)];
      const steps = turned.map((u, i) => graph.get(u)?.get(turned[(i + 1) % turned.length] as string)?.[0]);
      found.set(turned.join(), `${[...turned, turned[0]].join(' -> ')}  (${steps.join('; ')})`);
    }
  }
  return [...found.values()].sort();
}

/**
 * The layers of core, lowest first. A unit may import only units in lower layers, never one beside it or
 * above it, so each layer can be read (and tested) knowing only those below. ARCHITECTURE.md explains them.
 */
const CORE_LAYERS: string[][] = [
  // Words, dates and domain errors: they import no other part of core.
  ['text', 'calendar', 'errors.ts'],
  // The school's policy pack (schema and validation), and turning an error into words.
  ['policy', 'explain-error.ts'],
  // People: actors, role holders and titles, the register's person record.
  ['people'],
  // The audit trail; the outbox and what a platform can reach.
  ['audit', 'delivery'],
  // The plan of who does what for an incident (pure).
  ['assignments'],
  // The report wizard's engine, state and views (pure).
  ['wizard'],
  // What every use case is given.
  ['deps.ts'],
  // Leases and the scheduled-job shape; the pupil register (incidents will name its pupils).
  ['scheduling', 'pupils'],
  // The use cases on incidents, and the acceptable use policy: neither imports the other.
  ['incidents', 'aup'],
  // The case file about a child: links, decisions, sharing, evidence, the chronology per child, transfers.
  ['casefile', 'monitoring', 'filtering'],
  // Built on the rest: digests, retention, data rights, the setup check.
  ['digest', 'retention', 'rights', 'setup', 'routing'],
  // The commands people type, and who may use each (it names the use cases' own roles).
  ['commands'],
];

describe('architecture', () => {
  it('src/core imports no SDK, no adapter and no app code', () => {
    const offences = files(join(root, 'src/core')).flatMap((file) =>
      imports(file)
        .filter((spec) => sdk.test(spec) || (spec.startsWith('.') && /src\/(adapters|app)\//.test(`${relative(root, resolve(dirname(file), spec))}/`)))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('src/ports imports nothing but Node built-ins and other ports', () => {
    const offences = files(join(root, 'src/ports')).flatMap((file) =>
      imports(file)
        .filter((spec) => !spec.startsWith('node:') && !spec.startsWith('./'))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
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

  it('no two folders of src/core import each other, directly or round a ring', () => {
    expect(rings(coreGraph())).toEqual([]);
  });

  it('each part of src/core imports only the layers below it', () => {
    const layerOf = new Map(CORE_LAYERS.flatMap((units, layer) => units.map((unit) => [unit, layer] as const)));
    const graph = coreGraph();
    const unplaced = [...graph.keys()].filter((unit) => !layerOf.has(unit)).map((unit) => `${unit} is in no layer: add it to CORE_LAYERS`);
    const upwards = [...graph.entries()].flatMap(([from, edges]) =>
      [...edges.entries()]
        .filter(([to]) => layerOf.has(from) && layerOf.has(to) && (layerOf.get(to) as number) >= (layerOf.get(from) as number))
        .map(([to, why]) => `${from} (layer ${layerOf.get(from)}) may not import ${to} (layer ${layerOf.get(to)}): ${why.join('; ')}`),
    );
    expect([...unplaced, ...upwards]).toEqual([]);
  });

  it('every exported function, constant, type, interface and class in src/core has a TSDoc comment directly before it', () => {
    const declaration = /^export\s+(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(function\*?|const|let|var|type|interface|class|enum)\s+([A-Za-z_$][\w$]*)/;
    // A type read off a documented constant (zod's `z.infer<typeof X>`, a list's `(typeof X)[number]`) shares its comment.
    const derived = /=\s*(?:z\.infer<typeof\s+([\w$]+)>|\(typeof\s+([\w$]+)\)\[number\]);/;
    const missing = files(coreDir).flatMap((file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      const hasDoc = (i: number) => {
        if (!lines[i - 1]?.trimEnd().endsWith('*/')) return false;
        let start = i - 1;
        while (start >= 0 && !lines[start]?.includes('/*')) start--;
        // A `/** … */` block, not `//` or `/* … */`.
        return /^\s*\/\*\*(?!\*)/.test(lines[start] ?? '');
      };
      const documented = new Set(lines.flatMap((line, i) => (hasDoc(i) ? [declaration.exec(line)?.[2]] : [])));
      return lines.flatMap((line, i) => {
        const found = declaration.exec(line);
        if (!found || hasDoc(i)) return [];
        const from = found[1] === 'type' ? derived.exec(line) : null;
        if (from && documented.has(from[1] ?? from[2])) return [];
        return [`${relative(root, file)}:${i + 1} ${found[1]} ${found[2]}`];
      });
    });
    expect(missing).toEqual([]);
  });

  it('only src/app/config.ts reads process.env', () => {
    const readers = files(join(root, 'src'))
      .filter((f) => /process\.env/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(readers).toEqual(['src/app/config.ts']);
  });
});
