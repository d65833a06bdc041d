// Validates a sign-up: every field is checked, every problem is reported at once with
// the field's path, and what comes out is normalised and typed. README.md, task 1,
// lists the rules; LIMITS below holds their numbers.
import type { Result, Shape } from './types.js';

export interface Address {
  street: string;
  postcode: string;
  /** ISO 3166-1 alpha-2, upper case: 'GB', 'FR'. */
  country: string;
}

export interface Signup {
  /** Trimmed and lower-cased. */
  email: string;
  /** Exactly as typed. */
  password: string;
  name: string;
  age: number;
  newsletter: boolean;
  address: Address;
}

/** The fields a sign-up body may carry, and their types (task 2 reads bodies with it). */
export const SIGNUP_SHAPE: Shape = {
  email: 'string',
  password: 'string',
  name: 'string',
  age: 'number',
  newsletter: 'boolean',
  address: { street: 'string', postcode: 'string', country: 'string' },
};

export const LIMITS = {
  emailMax: 254,
  passwordMin: 15,
  passwordMax: 128,
  nameMax: 100,
  streetMax: 200,
  ageMin: 13,
  ageMax: 120,
} as const;

/** The one definition of "the same e-mail": sign-up and login (task 3) must agree on it. */
export function normaliseEmail(raw: string): string {
  throw new Error('TODO: task 1 — return the e-mail trimmed and in lower case');
}

export function validateSignup(input: unknown): Result<Signup> {
  // Collect errors in a list as you check each field; decide ok or not at the very end.
  throw new Error('TODO: task 1 — check every field and return { ok: true, value } or { ok: false, errors } with every error');
}
