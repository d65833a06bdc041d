import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { noWeakPasswordHash } from '../../runner/rules/no-weak-password-hash.js';

const project = new Project({ useInMemoryFileSystem: true });
let count = 0;

function findingsIn(code: string) {
  count += 1;
  return noWeakPasswordHash.check(project.createSourceFile(`password-${count}.ts`, code));
}

describe('no-weak-password-hash', () => {
  it.each([
    ['MD5 through a named import', `import { createHash } from 'node:crypto';\nexport const h = (pw: string) => createHash('md5').update(pw).digest('hex');`, 2],
    ['SHA-1 through the module', `import crypto from 'crypto';\nexport const h = (pw: string) => crypto.createHash('sha1').update(pw).digest('hex');`, 2],
    ['salted SHA-256', `import * as c from 'node:crypto';\nexport function h(pw: string, salt: string) {\n  return c.createHash('sha256').update(salt + pw).digest('base64');\n}`, 3],
    ['SHA-512 through an alias', `import { createHash as digestOf } from 'node:crypto';\nexport const h = (pw: string) => digestOf('sha512').update(pw).digest();`, 2],
    ['an algorithm chosen at run time', `import { createHash } from 'node:crypto';\nconst ALG = 'sha3-256';\nexport const h = (pw: string) => createHash(ALG).update(pw).digest();`, 3],
    ["require('crypto').createHash", `export const h = (pw: string) => require('crypto').createHash('md5').update(pw).digest();`, 1],
    ['the one-shot crypto.hash', `import crypto from 'node:crypto';\nexport const h = (pw: string) => crypto.hash('sha256', pw);`, 2],
    ['an imported one-shot hash', `import { hash } from 'node:crypto';\nexport const h = (pw: string) => hash('sha1', pw);`, 2],
    ['Web Crypto digest', `export const h = (pw: string) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(pw));`, 1],
  ])('flags %s', (_name, code, line) => {
    const findings = findingsIn(code);
    expect(findings.map((finding) => finding.line)).toEqual([line]);
    expect(findings[0]?.message).toMatch(/fast general-purpose hash/);
  });

  it('names the call and its algorithm in the finding', () => {
    const [finding] = findingsIn(`import { createHash } from 'node:crypto';\nexport const h = (pw: string) => createHash('md5').update(pw).digest('hex');`);
    expect(finding?.message).toContain("createHash('md5')");
  });

  it.each([
    ['scrypt', `import { scrypt, randomBytes } from 'node:crypto';\nexport const h = (pw: string) => scrypt(pw, randomBytes(16), 32, () => {});`],
    ['PBKDF2 with SHA-256 and many iterations', `import { pbkdf2Sync } from 'node:crypto';\nexport const h = (pw: string, salt: Buffer) => pbkdf2Sync(pw, salt, 600_000, 32, 'sha256');`],
    ['an HMAC (a pepper applied before the slow hash)', `import { createHmac } from 'node:crypto';\nexport const pepper = (pw: string, key: Buffer) => createHmac('sha256', key).update(pw).digest();`],
    ['the digest() of an HMAC', `import { createHmac } from 'node:crypto';\nexport const mac = (key: Buffer) => createHmac('sha256', key).update('x').digest('base64url');`],
    ['a function of its own called hash', `import { scryptSync } from 'node:crypto';\nconst hash = (pw: string) => scryptSync(pw, 'salt-from-elsewhere', 32);\nexport const h = (pw: string) => hash(pw);`],
    ['a method called hash on another object', `declare const argon2: { hash(pw: string): Promise<string> };\nexport const h = (pw: string) => argon2.hash(pw);`],
  ])('passes %s', (_name, code) => {
    expect(findingsIn(code)).toEqual([]);
  });
});
