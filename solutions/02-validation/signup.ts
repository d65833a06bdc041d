// Validates a sign-up: every field is checked, every problem is reported at once with
// the field's path, and what comes out is normalised and typed. The value is built
// from the fields named here and nothing else, so an extra `isAdmin` cannot ride along.
import type { FieldError, Result, Shape } from './types.js';

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

const REQUIRED = 'is required';
const NOT_TEXT = 'must be text';
const NOT_OBJECT = 'must be an object';
const NOT_EMAIL = 'must be an e-mail address such as ada@example.com';
const PASSWORD_LENGTH = `must be ${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters long`;
const NOT_AGE = `must be a whole number from ${LIMITS.ageMin} to ${LIMITS.ageMax}`;
const NOT_BOOLEAN = 'must be true or false';
const NOT_POSTCODE = 'must be 3 to 10 letters, digits, spaces or hyphens';
const NOT_COUNTRY = 'must be a two-letter country code such as GB';
const tooLong = (max: number): string => `must be at most ${max} characters long`;

// Deliberately loose: the only real check of an e-mail address is a message that arrives.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const POSTCODE = /^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$/;
const COUNTRY = /^[A-Z]{2}$/;

type Fields = Record<string, unknown>;

/** The one definition of "the same e-mail": sign-up and login must agree on it. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function validateSignup(input: unknown): Result<Signup> {
  if (!isFields(input)) return { ok: false, errors: [{ path: '', message: NOT_OBJECT }] };
  const errors: FieldError[] = [];
  const email = checkEmail(input, errors);
  const password = checkPassword(input, errors);
  const name = checkName(input, errors);
  const age = checkAge(input, errors);
  const newsletter = checkNewsletter(input, errors);
  const address = checkAddress(input, errors);
  // A check that returns undefined has recorded why; the other conditions only narrow the types.
  if (errors.length > 0 || email === undefined || password === undefined || name === undefined || age === undefined || address === undefined) {
    return { ok: false, errors };
  }
  return { ok: true, value: { email, password, name, age, newsletter, address } };
}

function checkEmail(input: Fields, errors: FieldError[]): string | undefined {
  const raw = readText(input, 'email', 'email', errors);
  if (raw === undefined) return undefined;
  const email = normaliseEmail(raw);
  if (email === '') return fail(errors, 'email', REQUIRED);
  if (length(email) > LIMITS.emailMax) return fail(errors, 'email', tooLong(LIMITS.emailMax));
  if (!EMAIL.test(email)) return fail(errors, 'email', NOT_EMAIL);
  return email;
}

// Never trimmed or cut short: spaces are part of a passphrase, and a silently
// truncated password is not the one the user chose (OWASP Authentication Cheat Sheet).
function checkPassword(input: Fields, errors: FieldError[]): string | undefined {
  const password = readText(input, 'password', 'password', errors);
  if (password === undefined) return undefined;
  if (password === '') return fail(errors, 'password', REQUIRED);
  const characters = length(password);
  if (characters < LIMITS.passwordMin || characters > LIMITS.passwordMax) return fail(errors, 'password', PASSWORD_LENGTH);
  return password;
}

function checkName(input: Fields, errors: FieldError[]): string | undefined {
  return readTrimmed(input, 'name', 'name', LIMITS.nameMax, errors);
}

function checkAge(input: Fields, errors: FieldError[]): number | undefined {
  const age = read(input, 'age');
  if (age === undefined || age === null) return fail(errors, 'age', REQUIRED);
  if (typeof age !== 'number' || !Number.isInteger(age) || age < LIMITS.ageMin || age > LIMITS.ageMax) return fail(errors, 'age', NOT_AGE);
  return age;
}

function checkNewsletter(input: Fields, errors: FieldError[]): boolean {
  const newsletter = read(input, 'newsletter');
  if (newsletter === undefined) return false;
  if (typeof newsletter !== 'boolean') {
    errors.push({ path: 'newsletter', message: NOT_BOOLEAN });
    return false;
  }
  return newsletter;
}

function checkAddress(input: Fields, errors: FieldError[]): Address | undefined {
  const address = read(input, 'address');
  if (address === undefined || address === null) return fail(errors, 'address', REQUIRED);
  if (!isFields(address)) return fail(errors, 'address', NOT_OBJECT);
  const street = readTrimmed(address, 'street', 'address.street', LIMITS.streetMax, errors);
  const postcode = readCode(address, 'postcode', POSTCODE, NOT_POSTCODE, errors);
  const country = readCode(address, 'country', COUNTRY, NOT_COUNTRY, errors);
  if (street === undefined || postcode === undefined || country === undefined) return undefined;
  return { street, postcode, country };
}

/** A text field that is trimmed; blank counts as missing. */
function readTrimmed(input: Fields, key: string, path: string, max: number, errors: FieldError[]): string | undefined {
  const raw = readText(input, key, path, errors);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return fail(errors, path, REQUIRED);
  if (length(text) > max) return fail(errors, path, tooLong(max));
  return text;
}

/** A code inside the address, compared in upper case. */
function readCode(address: Fields, key: string, pattern: RegExp, message: string, errors: FieldError[]): string | undefined {
  const path = `address.${key}`;
  const raw = readText(address, key, path, errors);
  if (raw === undefined) return undefined;
  const code = raw.trim().toUpperCase();
  if (code === '') return fail(errors, path, REQUIRED);
  if (!pattern.test(code)) return fail(errors, path, message);
  return code;
}

function readText(input: Fields, key: string, path: string, errors: FieldError[]): string | undefined {
  const value = read(input, key);
  if (value === undefined || value === null) return fail(errors, path, REQUIRED);
  if (typeof value !== 'string') return fail(errors, path, NOT_TEXT);
  return value;
}

// Own properties only: a field must come from the input, never from its prototype.
function read(input: Fields, key: string): unknown {
  return Object.hasOwn(input, key) ? input[key] : undefined;
}

function fail(errors: FieldError[], path: string, message: string): undefined {
  errors.push({ path, message });
  return undefined;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in characters (Unicode code points), as NIST SP 800-63B counts them: an emoji is one. */
function length(text: string): number {
  return [...text].length;
}
