// A login check that gives an attacker nothing to work with: one answer for every
// failure (OWASP Authentication Cheat Sheet, "Authentication Responses"), the same
// work whether or not the account exists, and an account lock-out after too many
// failures inside a time window ("Account Lockout"), which ends on its own.
import { randomUUID } from 'node:crypto';
import { normaliseEmail } from './signup.js';

export interface Account {
  /** Stored normalised, as sign-up saved it. */
  email: string;
  passwordHash: string;
}

export interface LoginOptions {
  /** Looks an account up by its normalised e-mail. */
  findAccount: (email: string) => Account | undefined;
  /** The slow, salted hash the accounts were stored with. */
  hashPassword: (password: string) => string;
  /** Compares a password with a hash made by hashPassword, in constant time. */
  verifyPassword: (password: string, passwordHash: string) => boolean;
  /** The clock, in milliseconds; Date.now when left out. */
  now?: () => number;
  /** Lock-out threshold: this many failures inside the window lock the e-mail. Default 5. */
  maxFailures?: number;
  /** Observation window: a failure older than this no longer counts. Default 15 minutes. */
  windowMs?: number;
  /** Lock-out duration. Default 15 minutes. */
  lockoutMs?: number;
}

export type LoginResult = { ok: true; email: string } | { ok: false; status: number; message: string };

export type Login = (email: string, password: string) => LoginResult;

/** The one answer to every failed login, whatever the reason. */
export const LOGIN_FAILED_STATUS = 401;
export const LOGIN_FAILED_MESSAGE = 'Invalid e-mail or password';

const MINUTE = 60_000;

interface Attempts {
  /** Times of the failures that still count, oldest first. */
  failures: number[];
  /** While now is before this, every attempt fails without a password check. */
  lockedUntil: number;
}

export function createLogin(options: LoginOptions): Login {
  const { findAccount, hashPassword, verifyPassword, now = Date.now } = options;
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * MINUTE;
  const lockoutMs = options.lockoutMs ?? 15 * MINUTE;
  // A hash of a password nobody knows: an unknown e-mail is checked against it, so it
  // costs the same hashing time as a known one and the timing gives nothing away.
  const standInHash = hashPassword(randomUUID());
  const attemptsByEmail = new Map<string, Attempts>();

  return (rawEmail, password) => {
    // Counted per e-mail as sign-up stores it: 'ADA@x' must not get a fresh count.
    const email = normaliseEmail(rawEmail);
    const time = now();
    const attempts = attemptsByEmail.get(email) ?? { failures: [], lockedUntil: 0 };
    // Refused attempts do not count: the lock must end even while an attacker keeps trying.
    if (time < attempts.lockedUntil) return failed();
    attempts.failures = attempts.failures.filter((failure) => time - failure < windowMs);

    const account = findAccount(email);
    const passwordMatches = verifyPassword(password, account?.passwordHash ?? standInHash);
    if (account !== undefined && passwordMatches) {
      attemptsByEmail.delete(email);
      return { ok: true, email: account.email };
    }

    // Unknown e-mails are counted too, or the lock-out itself would tell them apart.
    attempts.failures.push(time);
    if (attempts.failures.length >= maxFailures) {
      attempts.lockedUntil = time + lockoutMs;
      attempts.failures = [];
    }
    attemptsByEmail.set(email, attempts);
    return failed();
  };
}

function failed(): LoginResult {
  return { ok: false, status: LOGIN_FAILED_STATUS, message: LOGIN_FAILED_MESSAGE };
}
