/**
 * Small helpers for checking Bicep files without the Bicep compiler: parse with tree-sitter-bicep,
 * find syntax errors, resolve identifiers, and read literal values out of declarations.
 *
 * This is a cross-check, not a compiler: it knows the shapes used in infra/ (top-level params,
 * vars, resources, modules, outputs, for-loops and lambdas), not every corner of the language.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

let parserPromise: Promise<Parser> | undefined;

/** One parser for the whole test run (loading the WebAssembly takes a moment). */
export function bicepParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    // Bytes rather than a path: loading by path uses a dynamic import, which jest does not allow.
    const language = await Language.load(readFileSync(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm')));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export async function parseBicep(source: string): Promise<Node> {
  const tree = (await bicepParser()).parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree.rootNode;
}

/** Every `.bicep` file under `dir`, depth first, sorted. */
export function bicepFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return bicepFiles(path);
      return name.endsWith('.bicep') ? [path] : [];
    });
}

export function where(node: Node): string {
  return `${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

function all(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

/** ERROR and MISSING nodes, as `line:column what`. */
export function syntaxProblems(root: Node): string[] {
  const problems: string[] = [];
  const visit = (node: Node): void => {
    if (node.isMissing) problems.push(`${where(node)} missing ${node.type}`);
    else if (node.isError) problems.push(`${where(node)} cannot parse "${node.text.slice(0, 40)}"`);
    all(node).forEach(visit);
  };
  visit(root);
  return problems;
}

// ------------------------------------------------------------------------------------------------
// Names
// ------------------------------------------------------------------------------------------------

/** Bicep's own functions and namespaces (https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-functions). */
export const BICEP_FUNCTIONS: ReadonlySet<string> = new Set([
  // namespaces
  'az',
  'sys',
  // any / array / object
  'any',
  'array',
  'concat',
  'contains',
  'empty',
  'filter',
  'first',
  'flatten',
  'groupBy',
  'indexOf',
  'intersection',
  'items',
  'join',
  'json',
  'last',
  'lastIndexOf',
  'length',
  'map',
  'mapValues',
  'max',
  'min',
  'objectKeys',
  'range',
  'reduce',
  'shallowMerge',
  'skip',
  'sort',
  'take',
  'toObject',
  'tryGet',
  'union',
  // conversion / string
  'base64',
  'base64ToJson',
  'base64ToString',
  'bool',
  'dataUri',
  'dataUriToString',
  'endsWith',
  'format',
  'guid',
  'int',
  'newGuid',
  'padLeft',
  'replace',
  'split',
  'startsWith',
  'string',
  'substring',
  'toLower',
  'toUpper',
  'trim',
  'uniqueString',
  'uri',
  'uriComponent',
  'uriComponentToString',
  'buildUri',
  'parseUri',
  // date
  'dateTimeAdd',
  'dateTimeFromEpoch',
  'dateTimeToEpoch',
  'utcNow',
  // deployment and scope
  'deployment',
  'deployer',
  'environment',
  'managementGroup',
  'resourceGroup',
  'subscription',
  'tenant',
  // resources
  'extensionResourceId',
  'getSecret',
  'listAccountSas',
  'listKeys',
  'listSecrets',
  'managementGroupResourceId',
  'pickZones',
  'providers',
  'reference',
  'resourceId',
  'subscriptionResourceId',
  'tenantResourceId',
  // files
  'loadFileAsBase64',
  'loadJsonContent',
  'loadTextContent',
  'loadYamlContent',
  'readEnvironmentVariable',
]);

/** Decorators (they parse as calls). */
export const BICEP_DECORATORS: ReadonlySet<string> = new Set([
  'allowed',
  'batchSize',
  'description',
  'discriminator',
  'export',
  'maxLength',
  'maxValue',
  'metadata',
  'minLength',
  'minValue',
  'sealed',
  'secure',
  'onlyIfNotExists',
]);

const DECLARATIONS = new Set(['parameter_declaration', 'variable_declaration', 'resource_declaration', 'module_declaration', 'output_declaration', 'type_declaration', 'metadata_declaration']);

/** The declared name of a top-level declaration. */
export function declaredName(decl: Node): string | undefined {
  if (decl.type === 'user_defined_function') return decl.childForFieldName('name')?.text;
  return named(decl).find((c) => c.type === 'identifier')?.text;
}

/** Names a file declares at the top level: params, vars, resources, modules, outputs, types, functions. */
export function topLevelNames(root: Node): Set<string> {
  const names = new Set<string>();
  for (const decl of named(root)) {
    if (DECLARATIONS.has(decl.type) || decl.type === 'user_defined_function') {
      const name = declaredName(decl);
      if (name) names.add(name);
    }
  }
  return names;
}

export interface Reference {
  name: string;
  at: string;
}

/**
 * Identifiers used as values that nothing declares. Object keys and property names are not
 * references; loop variables and lambda parameters are in scope only inside their loop or lambda.
 */
export function undeclaredReferences(root: Node): Reference[] {
  const unknown: Reference[] = [];
  const check = (id: Node, scope: ReadonlySet<string>, builtins: ReadonlySet<string> = BICEP_FUNCTIONS): void => {
    if (!scope.has(id.text) && !builtins.has(id.text)) unknown.push({ name: id.text, at: where(id) });
  };

  const visit = (node: Node, scope: ReadonlySet<string>): void => {
    switch (node.type) {
      case 'identifier':
        check(node, scope);
        return;
      case 'comment':
      case 'diagnostic_comment':
      case 'import_statement':
      case 'import_with_statement':
      case 'import_functionality':
      case 'using_statement':
        return;
      case 'object_property': {
        // `key: value`: an unquoted key names a property, it is not a reference.
        const [key, ...rest] = named(node);
        if (key && key.type !== 'identifier' && key.type !== 'compatible_identifier') visit(key, scope);
        rest.forEach((c) => visit(c, scope));
        return;
      }
      case 'member_expression':
        // `a.b`: only `a` can be a reference (`b` is a property_identifier).
        visitField(node, 'object', scope);
        return;
      case 'resource_expression':
        // `parent::child`: the child is looked up inside the parent, not in the file's scope.
        visitField(node, 'object', scope);
        return;
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        const callee = (): void => {
          if (fn?.type === 'identifier') check(fn, scope, new Set([...BICEP_FUNCTIONS, ...BICEP_DECORATORS]));
          else if (fn) visit(fn, scope);
        };
        callee();
        named(node)
          .filter((c) => c.id !== fn?.id)
          .forEach((c) => visit(c, scope));
        return;
      }
      case 'for_statement': {
        const bound = new Set(scope);
        const initializer = node.childForFieldName('initializer');
        const body = node.childForFieldName('body');
        for (const child of named(node)) {
          if (child.id === initializer?.id) bound.add(child.text);
          else if (child.type === 'for_loop_parameters') named(child).forEach((v) => bound.add(v.text));
        }
        for (const child of named(node)) {
          if (child.id === initializer?.id || child.type === 'for_loop_parameters') continue;
          // The collection is evaluated outside the loop; the body sees the loop variables.
          visit(child, child.id === body?.id ? bound : scope);
        }
        return;
      }
      case 'lambda_expression': {
        const [params, ...body] = named(node);
        const bound = new Set(scope);
        if (params?.type === 'identifier') bound.add(params.text);
        else if (params) params.descendantsOfType('identifier').forEach((p) => p && bound.add(p.text));
        body.forEach((c) => visit(c, bound));
        return;
      }
      case 'user_defined_function': {
        const bound = new Set(scope);
        node.descendantsOfType('parameter').forEach((p) => {
          const name = p && named(p).find((c) => c.type === 'identifier');
          if (name) bound.add(name.text);
        });
        const returns = node.childForFieldName('returns');
        named(node)
          .filter((c) => c.type !== 'identifier' && c.type !== 'parameters' && c.id !== returns?.id)
          .forEach((c) => visit(c, bound));
        return;
      }
      default:
        if (DECLARATIONS.has(node.type)) {
          // Skip the declared name itself; check everything else (type, value, decorators, body).
          const name = named(node).find((c) => c.type === 'identifier');
          named(node)
            .filter((c) => c.id !== name?.id)
            .forEach((c) => visit(c, scope));
          return;
        }
        named(node).forEach((c) => visit(c, scope));
    }
  };
  const visitField = (node: Node, field: string, scope: ReadonlySet<string>): void => {
    const child = node.childForFieldName(field);
    if (child) visit(child, scope);
  };

  visit(root, topLevelNames(root));
  return unknown;
}

// ------------------------------------------------------------------------------------------------
// Declarations and values
// ------------------------------------------------------------------------------------------------

/** Text of a string literal without interpolation; undefined for anything else. */
export function stringValue(node: Node | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  if (named(node).some((c) => c.type === 'interpolation')) return undefined;
  return named(node)
    .filter((c) => c.type === 'string_content' || c.type === 'escape_sequence')
    .map((c) => c.text)
    .join('');
}

/** `true` / `false` for a boolean literal, undefined for anything else. */
export function boolValue(node: Node | undefined): boolean | undefined {
  return node?.type === 'boolean' ? node.text === 'true' : undefined;
}

/** The key of an object property, whether written bare or quoted. */
function propertyKey(prop: Node): string | undefined {
  const key = named(prop)[0];
  if (!key) return undefined;
  return key.type === 'string' ? stringValue(key) : key.text;
}

/** The value of `key` in an object literal. */
export function property(obj: Node | undefined, key: string): Node | undefined {
  if (obj?.type !== 'object') return undefined;
  for (const prop of named(obj).filter((c) => c.type === 'object_property')) {
    if (propertyKey(prop) === key) return named(prop)[1];
  }
  return undefined;
}

/** Follows a dotted path through nested object literals: `properties.siteConfig.ftpsState`. */
export function propertyPath(obj: Node | undefined, path: string): Node | undefined {
  return path.split('.').reduce<Node | undefined>((node, key) => property(node, key), obj);
}

export interface Declaration {
  name: string;
  node: Node;
}

export interface ParamDeclaration extends Declaration {
  hasDefault: boolean;
  secure: boolean;
}

function declarations(root: Node, type: string): Node[] {
  return named(root).filter((c) => c.type === type);
}

/** Decorator names on a declaration (they precede it as a sibling `decorators` node). */
function decoratorsOf(decl: Node): string[] {
  const prev = decl.previousNamedSibling;
  if (prev?.type !== 'decorators') return [];
  return prev.descendantsOfType('call_expression').map((c) => c?.childForFieldName('function')?.text ?? '');
}

export function parameters(root: Node): ParamDeclaration[] {
  return declarations(root, 'parameter_declaration').map((node) => {
    const parts = named(node);
    // `param name type = default`: identifier, type, then the default expression if there is one.
    const hasDefault = parts.length > 2;
    return { name: parts[0]?.text ?? '', node, hasDefault, secure: decoratorsOf(node).includes('secure') };
  });
}

/** Variable name → the expression it is set to. */
export function variables(root: Node): Map<string, Node> {
  const vars = new Map<string, Node>();
  for (const node of declarations(root, 'variable_declaration')) {
    const [name, value] = named(node);
    if (name && value) vars.set(name.text, value);
  }
  return vars;
}

export function outputs(root: Node): string[] {
  return declarations(root, 'output_declaration').map((n) => named(n)[0]?.text ?? '');
}

export interface ResourceDeclaration extends Declaration {
  /** The type string: `Provider/type@apiVersion`. */
  type: string;
  /** The object literal, looking through `if (...)` and `[for ...: ...]`. */
  body: Node | undefined;
  /** The `[for ...]` node when the resource is a loop. */
  loop: Node | undefined;
}

function unwrapBody(node: Node): { body: Node | undefined; loop: Node | undefined } {
  for (const child of named(node)) {
    if (child.type === 'object') return { body: child, loop: undefined };
    if (child.type === 'if_statement') return { body: named(child).find((c) => c.type === 'object'), loop: undefined };
    if (child.type === 'for_statement') {
      const body = child.childForFieldName('body');
      const inner = body?.type === 'if_statement' ? named(body).find((c) => c.type === 'object') : (body ?? undefined);
      return { body: inner, loop: child };
    }
  }
  return { body: undefined, loop: undefined };
}

export function resources(root: Node): ResourceDeclaration[] {
  return declarations(root, 'resource_declaration').map((node) => {
    const [name, type] = named(node);
    return { name: name?.text ?? '', node, type: stringValue(type) ?? '', ...unwrapBody(node) };
  });
}

export interface ModuleDeclaration extends Declaration {
  path: string;
  body: Node | undefined;
}

export function modules(root: Node): ModuleDeclaration[] {
  return declarations(root, 'module_declaration').map((node) => {
    const [name, path] = named(node);
    return { name: name?.text ?? '', node, path: stringValue(path) ?? '', body: unwrapBody(node).body };
  });
}

/** Keys of an object literal. */
export function keys(obj: Node | undefined): string[] {
  if (obj?.type !== 'object') return [];
  return named(obj)
    .filter((c) => c.type === 'object_property')
    .map((p) => propertyKey(p) ?? '');
}

/**
 * The literal strings an expression can produce, looking through variables: string literals,
 * the literal parts of interpolated strings, and the values of variables it names.
 */
export function stringsIn(node: Node | undefined, vars: Map<string, Node>, seen = new Set<string>()): string[] {
  if (!node) return [];
  if (node.type === 'string_content') return [node.text];
  if (node.type === 'identifier' && vars.has(node.text) && !seen.has(node.text)) {
    return stringsIn(vars.get(node.text), vars, new Set([...seen, node.text]));
  }
  return named(node).flatMap((c) => stringsIn(c, vars, seen));
}

/** Follows a variable name to its value; anything else is returned as it is. */
export function resolve(node: Node | undefined, vars: Map<string, Node>): Node | undefined {
  let current = node;
  for (let hops = 0; current?.type === 'identifier' && vars.has(current.text) && hops < 10; hops++) {
    current = vars.get(current.text);
  }
  return current;
}

export interface Setting {
  name: string;
  value: Node | undefined;
  /** Text of the condition this setting depends on (`cond ? settings : []`), if any. */
  condition: string | undefined;
}

/**
 * App settings an `appSettings` expression produces: every `{ name: '...', value: ... }` object in
 * it, following variables, `concat(...)` and `cond ? a : b`.
 */
export function appSettings(expr: Node | undefined, vars: Map<string, Node>): Setting[] {
  const found: Setting[] = [];
  const visit = (node: Node | undefined, condition: string | undefined, seen: ReadonlySet<string>): void => {
    if (!node) return;
    if (node.type === 'identifier') {
      if (vars.has(node.text) && !seen.has(node.text)) visit(vars.get(node.text), condition, new Set([...seen, node.text]));
      return;
    }
    if (node.type === 'object') {
      const name = stringValue(property(node, 'name'));
      if (name !== undefined && property(node, 'value')) {
        found.push({ name, value: property(node, 'value'), condition });
        return;
      }
    }
    if (node.type === 'ternary_expression') {
      const test = node.childForFieldName('condition')?.text;
      visit(node.childForFieldName('consequence') ?? undefined, test, seen);
      visit(node.childForFieldName('alternative') ?? undefined, test ? `!(${test})` : condition, seen);
      return;
    }
    named(node).forEach((c) => visit(c, condition, seen));
  };
  visit(expr, undefined, new Set());
  return found;
}
