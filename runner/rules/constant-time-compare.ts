// `===` on two strings stops at the first byte that differs, so how long a comparison takes
// tells an attacker how much of a guessed hash, signature or token was right; byte by byte,
// the whole secret follows. crypto.timingSafeEqual takes the same time whatever the bytes.
// A test cannot see this (the answer is the same either way), so it is a static rule: an
// equality (===, !==, ==, !=, Buffer's equals and compare) whose operand is named like a
// secret is flagged.
import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import type { RuleFinding, StaticRule } from './types.js';

const EQUALITY = new Set([
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
]);
const SECRET_WORDS = new Set([
  'hash', 'hashes', 'hashed', 'digest', 'signature', 'sig', 'mac', 'hmac', 'tag',
  'token', 'password', 'passwd', 'secret', 'otp',
]);
// Words that, last in a name, mean a property of the secret rather than the secret itself:
// `hash.length`, `tokenType`, `passwordAlgorithm` can be compared with ===.
const METADATA_WORDS = new Set(['length', 'size', 'count', 'type', 'kind', 'name', 'id', 'alg', 'algorithm', 'version', 'format', 'encoding', 'scheme', 'prefix']);
// Conversions keep the secret: `hash.toString('hex')` is still the hash.
const CONVERSIONS = new Set(['toString', 'toLowerCase', 'toUpperCase', 'trim', 'valueOf', 'normalize']);

export const constantTimeCompare: StaticRule = {
  name: 'constant-time-compare',
  why: '=== and !== stop at the first differing character, so response times leak how much of a guessed secret was right; compare secrets, hashes and signatures with crypto.timingSafeEqual on equal-length buffers',
  accepts: 'crypto.timingSafeEqual(a, b) on two Buffers of equal length (compare their lengths first: `a.length !== b.length` is fine, as is === on any name whose last word is a property, such as tokenType, hash.length or passwordAlgorithm); a name with a word hash, digest, signature, sig, mac, hmac, tag, token, password, passwd, secret or otp (sigPart, expectedTag) compared with ===, !==, ==, != or Buffer equals/compare is flagged',
  check: (file: SourceFile): RuleFinding[] => {
    const equalities = file
      .getDescendantsOfKind(SyntaxKind.BinaryExpression)
      .filter((binary) => EQUALITY.has(binary.getOperatorToken().getKind()))
      .map((binary): Comparison => ({ node: binary, operands: [binary.getLeft(), binary.getRight()], how: binary.getOperatorToken().getText() }));
    const calls = file
      .getDescendantsOfKind(SyntaxKind.CallExpression)
      .flatMap((call) => bufferComparison(call));
    return [...equalities, ...calls].flatMap(({ node, operands, how }) => {
      const secret = secretOperand(operands);
      if (secret === undefined) return [];
      return [{ line: node.getStartLineNumber(), message: `\`${shorten(node.getText())}\` compares ${secret} with ${how}` }];
    });
  },
};

interface Comparison {
  node: Node;
  operands: Node[];
  how: string;
}

// Buffer's equals and compare are memcmp underneath: as early-exiting as ===.
function bufferComparison(call: CallExpression): Comparison[] {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return [];
  const args = call.getArguments();
  if (callee.getName() === 'equals' && args.length === 1) return [{ node: call, operands: [callee.getExpression(), ...args], how: 'equals()' }];
  if (callee.getName() === 'compare' && callee.getExpression().getText() === 'Buffer' && args.length === 2)
    return [{ node: call, operands: args, how: 'Buffer.compare()' }];
  return [];
}

/** The name that makes one operand look like a secret, or undefined when none does. */
function secretOperand(operands: Node[]): string | undefined {
  // Presence, type and length checks (`token === undefined`, `typeof sig !== 'string'`,
  // `tag.length !== TAG_BYTES`) leak nothing about the secret's content.
  if (operands.some((side) => isHarmlessOperand(side) || isMetadata(nameOf(side)))) return undefined;
  for (const side of operands) {
    const name = nameOf(side);
    if (name !== undefined && looksSecret(name)) return `\`${name}\``;
  }
  return undefined;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

function isHarmlessOperand(node: Node): boolean {
  const inner = unwrap(node);
  if (Node.isTypeOfExpression(inner) || Node.isNullLiteral(inner) || Node.isNumericLiteral(inner)) return true;
  if (Node.isTrueLiteral(inner) || Node.isFalseLiteral(inner)) return true;
  if (Node.isIdentifier(inner) && inner.getText() === 'undefined') return true;
  return Node.isStringLiteral(inner) && inner.getLiteralValue() === '';
}

/** The name an operand goes by: `stored.hash` → hash, `sig.toString('hex')` → sig, `computeMac(x)` → computeMac. */
function nameOf(node: Node): string | undefined {
  const inner = unwrap(node);
  if (Node.isIdentifier(inner)) return inner.getText();
  if (Node.isPropertyAccessExpression(inner)) return inner.getName();
  if (Node.isElementAccessExpression(inner)) {
    const argument = inner.getArgumentExpression();
    if (argument && Node.isStringLiteral(argument)) return argument.getLiteralValue();
    return nameOf(inner.getExpression());
  }
  if (Node.isCallExpression(inner)) {
    const callee = inner.getExpression();
    if (Node.isPropertyAccessExpression(callee) && CONVERSIONS.has(callee.getName())) return nameOf(callee.getExpression());
    return nameOf(callee);
  }
  return undefined;
}

function unwrap(node: Node): Node {
  let current = node;
  while (Node.isParenthesizedExpression(current) || Node.isAsExpression(current) || Node.isNonNullExpression(current) || Node.isAwaitExpression(current)) {
    current = current.getExpression();
  }
  return current;
}

function looksSecret(name: string): boolean {
  const words = wordsOf(name);
  return !isMetadata(name) && words.some((word) => SECRET_WORDS.has(word));
}

function isMetadata(name: string | undefined): boolean {
  const last = name === undefined ? undefined : wordsOf(name).at(-1);
  return last !== undefined && METADATA_WORDS.has(last);
}

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word !== '');
}
