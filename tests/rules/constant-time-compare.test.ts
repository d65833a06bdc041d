import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { constantTimeCompare } from '../../runner/rules/constant-time-compare.js';

const project = new Project({ useInMemoryFileSystem: true });
let count = 0;

function findingsIn(code: string) {
  count += 1;
  return constantTimeCompare.check(project.createSourceFile(`compare-${count}.ts`, code));
}

describe('constant-time-compare', () => {
  it.each([
    ['a hash compared with ===', `export const ok = (hash: string, computed: string) => computed === hash;`],
    ['a stored hash property compared with ===', `export const ok = (stored: { hash: string }, computed: string) => computed === stored.hash;`],
    ['a hash converted to hex first', `export const ok = (hash: Buffer, given: string) => hash.toString('hex') === given;`],
    ['a signature compared with !==', `export function check(signature: string, expected: string) {\n  if (signature !== expected) throw new Error('bad');\n}`],
    ['an HMAC digest compared with ==', `import { createHmac } from 'node:crypto';\nexport const ok = (key: Buffer, given: string) => createHmac('sha256', key).update('x').digest('hex') == given;`],
    ['a password compared with !=', `export const ok = (password: string, given: string) => given != password;`],
    ['a token and a secret', `export const ok = (token: string, SECRET: string) => token === SECRET;`],
    ['camelCase secret names', `export const ok = (expectedMac: string, given: string) => given === expectedMac;`],
    ['an auth tag', `export const ok = (authTag: Buffer, given: Buffer) => given.equals(authTag);`],
    ['Buffer.compare on a digest', `export const ok = (digest: Buffer, given: Buffer) => Buffer.compare(digest, given) === 0;`],
    ['an element of a secret array', `export const ok = (hashes: string[], given: string) => hashes[0] === given;`],
  ])('flags %s', (_name, code) => {
    const findings = findingsIn(code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/compares `\w+` with/);
  });

  it('reports the line of the comparison', () => {
    const findings = findingsIn(`export function verify(hash: string, computed: string): boolean {\n  const same =\n    computed === hash;\n  return same;\n}`);
    expect(findings.map((finding) => finding.line)).toEqual([3]);
  });

  it.each([
    ['timingSafeEqual itself', `import { timingSafeEqual } from 'node:crypto';\nexport const ok = (hash: Buffer, given: Buffer) => hash.length === given.length && timingSafeEqual(hash, given);`],
    ['a length check against a constant', `const TAG_BYTES = 16;\nexport const ok = (tag: Buffer) => tag.length !== TAG_BYTES;`],
    ['a presence check', `export const ok = (token: string | undefined) => token === undefined || token === null || token === '';`],
    ['a type check', `export const ok = (sig: unknown) => typeof sig !== 'string';`],
    ['an algorithm check on a token header', `export const ok = (header: { alg: string }) => header.alg !== 'HS256';`],
    ['a token type', `export const ok = (tokenType: string) => tokenType === 'Bearer';`],
    ['names that merely contain a secret word', `export const ok = (hashtag: string, tagline: string, stage: number) => hashtag === tagline || stage === 2;`],
    ['ordinary equality', `export const ok = (role: string, roles: string[], version: string) => roles[0] === role && version === 'v1';`],
    ['Buffer equality of ordinary data', `export const ok = (a: Buffer, b: Buffer) => a.equals(b);`],
  ])('passes %s', (_name, code) => {
    expect(findingsIn(code)).toEqual([]);
  });
});
