// Real password hashing for the login tests: scrypt from node:crypto, at a cost far
// below what production needs (exercise 05 is about that) so that a test stays fast.
// The recorder keeps every hash it made and every check it ran, so a test can see
// whether an unknown e-mail cost a password check, and against what.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const COST = { N: 256, r: 8, p: 1 };
const KEY_LENGTH = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, COST);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** False for a wrong password and for anything that is not a hash made by hashPassword. */
export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = typeof stored === 'string' ? stored.split('$') : [];
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, COST);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export interface PasswordRecorder {
  hashPassword: (password: string) => string;
  verifyPassword: (password: string, stored: string) => boolean;
  /** Every hash hashPassword returned. */
  made: Set<string>;
  /** Every check verifyPassword ran, in order. */
  checks: { password: string; hash: string }[];
}

export function recordPasswords(): PasswordRecorder {
  const made = new Set<string>();
  const checks: { password: string; hash: string }[] = [];
  return {
    made,
    checks,
    hashPassword: (password) => {
      const hash = hashPassword(password);
      made.add(hash);
      return hash;
    },
    verifyPassword: (password, stored) => {
      checks.push({ password, hash: stored });
      return verifyPassword(password, stored);
    },
  };
}
