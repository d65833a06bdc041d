// OWASP SQL Injection Prevention Cheat Sheet: values reach the database as parameters
// ($1, $2), never inside the query text; the few parts a parameter cannot stand for (a
// column, ASC/DESC) come from a fixed allow-list in the code. A test with one injection
// payload cannot see every path, so this rule looks at how the text is built.
//
// Query text is "constant" when it is made only of literals, `const` names bound to
// constants, property and element reads of `const` objects made only of constants (an
// allow-list table such as SORT_COLUMNS[key]), `.get()` of a `const` Map of constants,
// the element of a `for ... of` over a `const` array (or Map) of constants, enum members,
// `a ? b : c` of constants, and calls to local functions that return only constants. A literal TYPE proves nothing
// (`options.sort as 'name'` anywhere upstream makes any text look like one), so a
// parameter typed 'name' | 'price' is not constant: look it up in a table. Flagged:
// - the text passed to `.query(...)` or `.exec(...)` (or its `text` property) is not
//   constant; a plain parameter of the enclosing function is let through (a wrapper);
// - anywhere in the file, a `+` or `+=` chain or a template literal holding SQL
//   (a statement such as `SELECT ... FROM`, or an upper-case clause such as WHERE)
//   joins it with something that is not constant.
import { Node, SyntaxKind, VariableDeclarationKind, type SourceFile } from 'ts-morph';
import type { RuleFinding, StaticRule } from './types.js';

const QUERY_METHODS = new Set(['query', 'exec']);
const SQL_STATEMENT =
  /^\s*(select\b[\s\S]*\bfrom|insert\s+into|update\s+\S+\s+set|delete\s+from|with\s+\S+\s+as|create\s+(table|index|unique)|alter\s+table|drop\s+(table|schema|index))\b/i;
const SQL_CLAUSE = /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WHERE|ORDER BY|GROUP BY|VALUES|LIMIT|OFFSET|RETURNING|JOIN|SET)\b/;
const SHOWN = 60;

export const noSqlConcatenation: StaticRule = {
  name: 'no-sql-concatenation',
  why: 'text joined into a query lets whoever controls that text run their own SQL: pass values as $1, $2 parameters, and take a column or a direction only from a constant allow-list (OWASP SQL Injection Prevention Cheat Sheet, defenses 1 and 3)',
  accepts: 'query text made only of literals, const names bound to constants, reads of a const allow-list object (SORT_COLUMNS[key], also through a const bound to such a read) or Map of literals (STATEMENTS.get(key)), the element of a for ... of over a const array of literal statements, enum members, `a ? b : c` of constants, and calls to local functions that return only constants; every value goes in as $1, $2 parameters. A parameter typed \'name\' | \'price\' is not a constant: look it up in a table',
  check: (file: SourceFile): RuleFinding[] => {
    const findings = new Map<number, RuleFinding>();
    const add = (line: number, message: string) => {
      if (!findings.has(line)) findings.set(line, { line, message });
    };
    for (const { text, part } of querySitesBuiltFromInput(file)) {
      const message =
        part === text
          ? `the query text \`${short(text)}\` is not made of constants only (a call that builds it, or a value from outside)`
          : `the query text \`${short(text)}\` is built from \`${short(part)}\``;
      add(part.getStartLineNumber(), message);
    }
    for (const { build, part } of sqlBuiltFromInput(file)) {
      add(part.getStartLineNumber(), `SQL text \`${short(build)}\` is joined with \`${short(part)}\``);
    }
    return [...findings.values()].sort((a, b) => a.line - b.line);
  },
};

function querySitesBuiltFromInput(file: SourceFile): Array<{ text: Node; part: Node }> {
  const found: Array<{ text: Node; part: Node }> = [];
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !QUERY_METHODS.has(callee.getName())) continue;
    const text = queryText(call.getArguments()[0]);
    if (!text || isParameter(text)) continue;
    const part = nonConstantPart(text, new Set());
    if (part) found.push({ text, part });
  }
  return found;
}

/** The query text of a call's first argument: the argument, or the `text` of a config object. */
function queryText(argument: Node | undefined): Node | undefined {
  if (!argument || !Node.isObjectLiteralExpression(argument)) return argument;
  const text = argument.getProperty('text');
  if (Node.isPropertyAssignment(text)) return text.getInitializer();
  if (Node.isShorthandPropertyAssignment(text)) return text.getNameNode();
  return undefined;
}

function sqlBuiltFromInput(file: SourceFile): Array<{ build: Node; part: Node }> {
  const found: Array<{ build: Node; part: Node }> = [];
  const builds = [
    ...file.getDescendantsOfKind(SyntaxKind.TemplateExpression).filter((node) => !Node.isTaggedTemplateExpression(node.getParent())),
    ...file.getDescendantsOfKind(SyntaxKind.BinaryExpression).filter((node) => isPlus(node) && !isPlus(node.getParent())),
  ];
  for (const build of builds) {
    if (!holdsSql(build)) continue;
    const part = nonConstantPart(build, new Set());
    if (part) found.push({ build, part });
  }
  return found;
}

function isPlus(node: Node | undefined): boolean {
  if (!Node.isBinaryExpression(node)) return false;
  const kind = node.getOperatorToken().getKind();
  return kind === SyntaxKind.PlusToken || kind === SyntaxKind.PlusEqualsToken;
}

/** Whether the literal text of a build (or the variable `+=` adds to) looks like SQL. */
function holdsSql(build: Node): boolean {
  const pieces = literalPieces(build);
  if (Node.isBinaryExpression(build) && build.getOperatorToken().getKind() === SyntaxKind.PlusEqualsToken) {
    const initializer = constDeclarationOf(build.getLeft(), true)?.getInitializer();
    if (initializer) pieces.push(...literalPieces(initializer));
  }
  const text = pieces.join(' ');
  return SQL_STATEMENT.test(text) || SQL_CLAUSE.test(text);
}

function literalPieces(node: Node): string[] {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return [node.getLiteralText()];
  if (Node.isTemplateExpression(node)) {
    return [node.getHead().getLiteralText(), ...node.getTemplateSpans().map((span) => span.getLiteral().getLiteralText())];
  }
  if (Node.isBinaryExpression(node) && isPlus(node)) return [...literalPieces(node.getLeft()), ...literalPieces(node.getRight())];
  if (Node.isParenthesizedExpression(node)) return literalPieces(node.getExpression());
  return [];
}

/** The first part of an expression that is not a constant, or undefined when it all is. */
function nonConstantPart(node: Node, seen: Set<Node>): Node | undefined {
  if (seen.has(node)) return undefined; // a cycle: judged where it started
  seen.add(node);
  if (isLiteral(node)) return undefined;
  if (Node.isTemplateExpression(node)) {
    return firstOf(node.getTemplateSpans().map((span) => span.getExpression()), seen);
  }
  if (Node.isBinaryExpression(node)) return firstOf([node.getLeft(), node.getRight()], seen);
  if (Node.isConditionalExpression(node)) return firstOf([node.getWhenTrue(), node.getWhenFalse()], seen);
  if (
    Node.isParenthesizedExpression(node) ||
    Node.isAsExpression(node) ||
    Node.isTypeAssertion(node) ||
    Node.isNonNullExpression(node) ||
    Node.isSatisfiesExpression(node)
  ) {
    // A cast proves nothing about the value: judge what is cast.
    return nonConstantPart(node.getExpression(), seen);
  }
  if (Node.isIdentifier(node) && constantName(node, seen)) return undefined;
  if ((Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) && readsConstantTable(node, seen)) return undefined;
  if (Node.isCallExpression(node) && (returnsOnlyConstants(node, seen) || readsConstantMap(node, seen))) return undefined;
  return node;
}

function firstOf(nodes: Node[], seen: Set<Node>): Node | undefined {
  for (const node of nodes) {
    const part = nonConstantPart(node, seen);
    if (part) return part;
  }
  return undefined;
}

function isLiteral(node: Node): boolean {
  return (
    Node.isStringLiteral(node) ||
    Node.isNoSubstitutionTemplateLiteral(node) ||
    Node.isNumericLiteral(node) ||
    Node.isTrueLiteral(node) ||
    Node.isFalseLiteral(node) ||
    Node.isNullLiteral(node)
  );
}

/** A `const` bound to a constant (directly, or destructured from one), or the element of a `for (const x of <constants>)`. */
function constantName(identifier: Node, seen: Set<Node>): boolean {
  const declaration = constDeclarationOf(identifier, false);
  const loop = declaration?.getParent()?.getParent();
  if (Node.isForOfStatement(loop)) return isConstantIterable(loop.getExpression(), seen);
  const initializer = declaration?.getInitializer();
  return initializer !== undefined && nonConstantPart(initializer, seen) === undefined;
}

/** An array or Map of constants, written out or bound to a `const`: every element a loop takes from it is constant. */
function isConstantIterable(node: Node, seen: Set<Node>): boolean {
  const value = Node.isIdentifier(node) ? constDeclarationOf(node, false)?.getInitializer() : node;
  if (value === undefined || (Node.isIdentifier(node) && isMutated(node))) return false;
  return isConstantObject(value, seen) || constantMapEntries(value, seen);
}

/** `STATEMENTS.get(key)` where STATEMENTS is a `const` Map of constants: at most a constant (or undefined). */
function readsConstantMap(call: Node, seen: Set<Node>): boolean {
  if (!Node.isCallExpression(call)) return false;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'get') return false;
  const initializer = constDeclarationOf(callee.getExpression(), false)?.getInitializer();
  return initializer !== undefined && !isMutated(callee.getExpression()) && constantMapEntries(initializer, seen);
}

const MUTATORS = new Set(['set', 'push', 'unshift', 'splice', 'fill', 'copyWithin']);

/** A `const` array or Map that the file changes (`STATEMENTS.set(key, text)`, `.push(...)`): what it holds is no longer known. */
function isMutated(identifier: Node): boolean {
  const name = identifier.getText();
  return identifier
    .getSourceFile()
    .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
    .some((access) => MUTATORS.has(access.getName()) && access.getExpression().getText() === name);
}

/** `new Map([[k, v], ...])` whose every key and value is a constant. */
function constantMapEntries(node: Node, seen: Set<Node>): boolean {
  if (Node.isAsExpression(node) || Node.isSatisfiesExpression(node) || Node.isParenthesizedExpression(node)) return constantMapEntries(node.getExpression(), seen);
  if (!Node.isNewExpression(node) || node.getExpression().getText() !== 'Map') return false;
  const [entries, ...rest] = node.getArguments();
  return entries !== undefined && rest.length === 0 && Node.isArrayLiteralExpression(entries) && isConstantObject(entries, seen);
}

/**
 * `TABLE.key`, `TABLE[key]`, `TABLE[key]!.field`: read from a `const` object of constants, or
 * from a `const` bound to such a read (`const statement = STATEMENTS[key]!; statement.after`).
 */
function readsConstantTable(node: Node, seen: Set<Node>): boolean {
  let root: Node = node;
  while (isAccessOrCast(root)) root = root.getExpression();
  if (Node.isIdentifier(root) && declarationsOf(root).some((declaration) => Node.isEnumDeclaration(declaration))) return true;
  const initializer = constDeclarationOf(root, false)?.getInitializer();
  if (initializer === undefined) return false;
  if (isConstantObject(initializer, seen)) return true;
  let entry: Node = initializer;
  while (isCast(entry)) entry = entry.getExpression();
  return (Node.isPropertyAccessExpression(entry) || Node.isElementAccessExpression(entry)) && readsConstantTable(entry, seen);
}

function isCast(node: Node): node is Node & { getExpression(): Node } {
  return Node.isNonNullExpression(node) || Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node);
}

function isAccessOrCast(node: Node): node is Node & { getExpression(): Node } {
  return Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node) || isCast(node);
}

function isConstantObject(node: Node, seen: Set<Node>): boolean {
  if (Node.isAsExpression(node) || Node.isSatisfiesExpression(node) || Node.isParenthesizedExpression(node)) {
    return isConstantObject(node.getExpression(), seen);
  }
  if (Node.isArrayLiteralExpression(node)) return node.getElements().every((element) => isConstantValue(element, seen));
  if (!Node.isObjectLiteralExpression(node)) return false;
  return node.getProperties().every((property) => Node.isPropertyAssignment(property) && isConstantValue(property.getInitializer(), seen));
}

function isConstantValue(node: Node | undefined, seen: Set<Node>): boolean {
  if (!node) return false;
  return isConstantObject(node, seen) || nonConstantPart(node, seen) === undefined;
}

/** A call to a function of this project whose every `return` gives a constant. */
function returnsOnlyConstants(call: Node, seen: Set<Node>): boolean {
  if (!Node.isCallExpression(call)) return false;
  const target = call.getExpression();
  if (!Node.isIdentifier(target)) return false;
  for (const declaration of declarationsOf(target)) {
    const body = Node.isFunctionDeclaration(declaration)
      ? declaration.getBody()
      : Node.isVariableDeclaration(declaration)
        ? declaration.getInitializer()
        : undefined;
    const fn = Node.isArrowFunction(body) || Node.isFunctionExpression(body) ? body.getBody() : body;
    if (!fn) continue;
    if (!Node.isBlock(fn)) return nonConstantPart(fn, seen) === undefined; // an arrow's expression body
    const returns = fn
      .getDescendantsOfKind(SyntaxKind.ReturnStatement)
      .filter((statement) => statement.getFirstAncestor((ancestor) => Node.isFunctionLikeDeclaration(ancestor)) === fn.getParent());
    return returns.length > 0 && returns.every((statement) => {
      const value = statement.getExpression();
      return value !== undefined && nonConstantPart(value, seen) === undefined;
    });
  }
  return false;
}

/** The `const` declaration an identifier refers to (through imports), if it is one. */
function constDeclarationOf(identifier: Node, allowLet: boolean) {
  if (!Node.isIdentifier(identifier)) return undefined;
  for (const declaration of declarationsOf(identifier)) {
    const variable = Node.isBindingElement(declaration) ? declaration.getFirstAncestorByKind(SyntaxKind.VariableDeclaration) : declaration;
    if (!Node.isVariableDeclaration(variable)) continue;
    const list = variable.getParent();
    const isConst = Node.isVariableDeclarationList(list) && list.getDeclarationKind() === VariableDeclarationKind.Const;
    if (isConst || allowLet) return variable;
  }
  return undefined;
}

function declarationsOf(identifier: Node): Node[] {
  const symbol = identifier.getSymbol();
  const target = symbol?.isAlias() ? symbol.getAliasedSymbol() : symbol;
  return target?.getDeclarations() ?? [];
}

function isParameter(node: Node): boolean {
  return Node.isIdentifier(node) && declarationsOf(node).some((declaration) => Node.isParameterDeclaration(declaration));
}

function short(node: Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…` : text;
}
