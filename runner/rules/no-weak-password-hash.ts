// OWASP Password Storage Cheat Sheet: passwords are stored with a slow, salted, memory-hard
// function (Argon2id, scrypt, bcrypt, PBKDF2). MD5, SHA-1 and plain SHA-2 are built to be
// fast, so a stolen table of them is guessed at billions of passwords a second; a salt
// does not change that. In a password file, any general-purpose digest is the mistake.
import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import type { RuleFinding, StaticRule } from './types.js';

const CRYPTO_MODULES = new Set(['crypto', 'node:crypto']);
// node:crypto's createHash(alg) and hash(alg, data); Web Crypto's subtle.digest(alg, data).
const DIGEST_FUNCTIONS = new Set(['createHash', 'hash']);

export const noWeakPasswordHash: StaticRule = {
  name: 'no-weak-password-hash',
  why: 'MD5, SHA-1 and SHA-2 are fast hashes: a GPU tries billions of guesses a second against them, salted or not; hash passwords with scrypt (or Argon2id, bcrypt) (OWASP Password Storage Cheat Sheet)',
  accepts: 'crypto.scrypt or scryptSync (or argon2, bcrypt, crypto.pbkdf2) with a random salt per password; in this file every createHash(...), hash(...) and subtle.digest(...) is flagged, whatever the algorithm',
  check: (file: SourceFile): RuleFinding[] => {
    const cryptoNames = namesBoundToCrypto(file);
    return file
      .getDescendantsOfKind(SyntaxKind.CallExpression)
      .filter((call) => isDigestCall(call, cryptoNames))
      .map((call) => ({
        line: call.getStartLineNumber(),
        message: `\`${call.getExpression().getText()}(${algorithmText(call)})\` is a fast general-purpose hash, not a password hash`,
      }));
  },
};

interface CryptoNames {
  /** Local names of node:crypto's digest functions: `createHash`, or an alias of it. */
  functions: Set<string>;
  /** Local names of the module itself: `import crypto from`, `import * as c from`. */
  modules: Set<string>;
}

function namesBoundToCrypto(file: SourceFile): CryptoNames {
  const names: CryptoNames = { functions: new Set(['createHash']), modules: new Set(['crypto']) };
  for (const declaration of file.getImportDeclarations()) {
    if (!CRYPTO_MODULES.has(declaration.getModuleSpecifierValue())) continue;
    const module = declaration.getDefaultImport() ?? declaration.getNamespaceImport();
    if (module) names.modules.add(module.getText());
    for (const named of declaration.getNamedImports()) {
      if (DIGEST_FUNCTIONS.has(named.getName())) names.functions.add(named.getAliasNode()?.getText() ?? named.getName());
    }
  }
  return names;
}

function isDigestCall(call: CallExpression, names: CryptoNames): boolean {
  const callee = call.getExpression();
  if (Node.isIdentifier(callee)) return names.functions.has(callee.getText());
  if (!Node.isPropertyAccessExpression(callee)) return false;
  const method = callee.getName();
  const receiver = callee.getExpression();
  // `createHash` is distinctive wherever it comes from (require('crypto').createHash, too).
  if (method === 'createHash') return true;
  if (method === 'hash') return Node.isIdentifier(receiver) && names.modules.has(receiver.getText());
  return method === 'digest' && lastName(receiver) === 'subtle';
}

function lastName(node: Node): string | undefined {
  if (Node.isIdentifier(node)) return node.getText();
  if (Node.isPropertyAccessExpression(node)) return node.getName();
  return undefined;
}

function algorithmText(call: CallExpression): string {
  const first = call.getArguments()[0];
  return first ? first.getText() : '';
}
