// A login check that gives an attacker nothing to work with: one answer for every
// failure, the same work whether or not the account exists, and a lock-out after too
// many failures inside a time window, which ends on its own. README.md, task 3.
// Task 1's normaliseEmail: sign-up and login must agree on what one e-mail is.
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

export function createLogin(options: LoginOptions): Login {
  // Keep the per-e-mail state (failure times, end of lock-out) in a Map created here,
  // and key it by normaliseEmail(email), as the account lookup is.
  throw new Error('TODO: task 3 — return a login function that checks the password and locks an e-mail after too many failures inside the window');
}
