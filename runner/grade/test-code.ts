// A test's own code, as Exercism's test_code wants it: the body of its `it(...)` or
// `test(...)`, found by its name and its describe blocks' names in the test file, or in
// the modules it imports by a relative path (exercise 03's file imports one per task),
// and dedented. Read with the TypeScript parser (ts-morph's, already loaded for the
// static rules): a regular expression cannot tell where a body ends.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

const TEST_CALLS = new Set(['it', 'test']);
const SUITE_CALLS = new Set(['describe', 'suite']);

export type TestCodeReader = (file: string, path: readonly string[]) => string | undefined;

/** Reads each file once; undefined for a test it cannot find (a name built at run time, `it.each`). */
export function testCodeReader(): TestCodeReader {
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const sourceOf = (file: string) => {
    if (!parsed.has(file)) parsed.set(file, parse(file));
    return parsed.get(file);
  };
  return (file, names) => findInModule(sourceOf, file, names, new Set());
}

function findInModule(sourceOf: (file: string) => ts.SourceFile | undefined, file: string, names: readonly string[], seen: Set<string>): string | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  const source = sourceOf(file);
  if (source === undefined) return undefined;
  const found = findBody(source, source, names, 0);
  if (found !== undefined) return found;
  for (const imported of relativeImports(source, file)) {
    const inImport = findInModule(sourceOf, imported, names, seen);
    if (inImport !== undefined) return inImport;
  }
  return undefined;
}

/** `import './tasks/schema.js'` and the like, as the TypeScript files they name. */
function relativeImports(source: ts.SourceFile, file: string): string[] {
  return source.statements
    .filter(ts.isImportDeclaration)
    .map((statement) => statement.moduleSpecifier)
    .filter(ts.isStringLiteral)
    .map((specifier) => specifier.text)
    .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))
    .map((specifier) => path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')))
    .filter((candidate) => existsSync(candidate));
}

function parse(file: string): ts.SourceFile | undefined {
  try {
    return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  } catch {
    return undefined;
  }
}

function findBody(source: ts.SourceFile, node: ts.Node, names: readonly string[], depth: number): string | undefined {
  let found: string | undefined;
  node.forEachChild((child) => {
    if (found !== undefined) return;
    const call = ts.isCallExpression(child) ? describeCall(child) : undefined;
    if (call && call.name === names[depth]) {
      const last = depth === names.length - 1;
      if (last && call.kind === 'test') found = bodyText(source, call.body);
      else if (!last && call.kind === 'suite') found = findBody(source, call.body, names, depth + 1);
    }
    if (found === undefined && !call) found = findBody(source, child, names, depth);
  });
  return found;
}

interface NamedCall {
  kind: 'test' | 'suite';
  name: string;
  body: ts.Node;
}

/** `it('name', () => {...})`, `it.only(...)`, `describe.skip(...)`: the callee's first word decides. */
function describeCall(call: ts.CallExpression): NamedCall | undefined {
  let callee: ts.Expression = call.expression;
  while (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
  if (!ts.isIdentifier(callee)) return undefined;
  const kind = TEST_CALLS.has(callee.text) ? 'test' : SUITE_CALLS.has(callee.text) ? 'suite' : undefined;
  const [name, ...rest] = call.arguments;
  const body = rest.find((argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument));
  if (kind === undefined || name === undefined || body === undefined || !ts.isStringLiteralLike(name)) return undefined;
  return { kind, name: name.text, body };
}

function bodyText(source: ts.SourceFile, fn: ts.Node): string | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const body = fn.body;
  if (!ts.isBlock(body)) return body.getText(source);
  const text = source.text.slice(body.getStart(source) + 1, body.getEnd() - 1);
  return dedent(text);
}

function dedent(text: string): string {
  const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^\s*/.exec(line)?.[0].length ?? 0));
  return lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}
