// Random sign-ups for the tests: a valid one is different on every run, so no field
// can be hard-coded, and a broken one breaks a random set of fields, so "report every
// error" cannot be passed by reporting the first one or a fixed list.
import type { Random } from '../../../../runner/kit/random.js';

export interface SignupInput {
  email: string;
  password: string;
  name: string;
  age: number;
  newsletter: boolean;
  address: { street: string; postcode: string; country: string };
}

const TLDS = ['com', 'org', 'net', 'io', 'dev', 'co.uk'];
const COUNTRIES = ['GB', 'FR', 'DE', 'NL', 'IE', 'ES', 'US', 'CA', 'NZ'];
const STREETS = ['Road', 'Street', 'Lane', 'Avenue', 'Close'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function randomEmail(rng: Random): string {
  return `${rng.word(rng.int(3, 9))}.${rng.word(rng.int(2, 6))}@${rng.word(rng.int(4, 9))}.${rng.pick(TLDS)}`;
}

/** A passphrase of three to five words with spaces between them, 15 characters or more. */
export function randomPassphrase(rng: Random): string {
  return Array.from({ length: rng.int(3, 5) }, () => rng.word(rng.int(5, 8))).join(' ');
}

/** A valid sign-up, already in normalised form: validating it must give it back unchanged. */
export function randomSignup(rng: Random): SignupInput {
  return {
    email: randomEmail(rng),
    password: randomPassphrase(rng),
    name: `${capitalise(rng.word(rng.int(3, 8)))} ${capitalise(rng.word(rng.int(3, 10)))}`,
    age: rng.int(13, 120),
    newsletter: rng.next() < 0.5,
    address: {
      street: `${rng.int(1, 250)} ${capitalise(rng.word(rng.int(4, 9)))} ${rng.pick(STREETS)}`,
      postcode: randomPostcode(rng),
      country: rng.pick(COUNTRIES),
    },
  };
}

function randomPostcode(rng: Random): string {
  const letter = () => rng.pick([...LETTERS]);
  const digit = () => String(rng.int(0, 9));
  if (rng.next() < 0.5) return String(rng.int(10000, 99999));
  return `${letter()}${letter()}${digit()} ${digit()}${letter()}${letter()}`;
}

/** The same text with every letter in a random case, and at least one upper-case letter. */
export function randomCase(rng: Random, text: string): string {
  const mixed = [...text].map((char) => (rng.next() < 0.5 ? char.toUpperCase() : char)).join('');
  return mixed === text.toLowerCase() ? mixed.charAt(0).toUpperCase() + mixed.slice(1) : mixed;
}

/** Spaces, tabs or a newline around a value, as a copy-paste leaves them. */
export function randomPadding(rng: Random): string {
  return Array.from({ length: rng.int(1, 3) }, () => rng.pick([' ', '\t', '\n'])).join('');
}

export interface Breaker {
  /** The path the validator must report. */
  path: string;
  /** JSON Pointer form of the path, as RFC 9457's example carries it. */
  pointer: string;
  breakIt: (input: Record<string, unknown> & { address: Record<string, unknown> }, rng: Random) => void;
}

export const BREAKERS: readonly Breaker[] = [
  { path: 'email', pointer: '#/email', breakIt: (input, rng) => void (input.email = `${rng.word(8)}.example.com`) },
  { path: 'password', pointer: '#/password', breakIt: (input, rng) => void (input.password = rng.word(rng.int(1, 14))) },
  { path: 'name', pointer: '#/name', breakIt: (input) => void (input.name = '   ') },
  { path: 'age', pointer: '#/age', breakIt: (input, rng) => void (input.age = rng.int(0, 12)) },
  { path: 'newsletter', pointer: '#/newsletter', breakIt: (input) => void (input.newsletter = 'yes please') },
  { path: 'address.street', pointer: '#/address/street', breakIt: (input) => void (input.address.street = '') },
  { path: 'address.postcode', pointer: '#/address/postcode', breakIt: (input, rng) => void (input.address.postcode = `#${rng.word(3)}!`) },
  { path: 'address.country', pointer: '#/address/country', breakIt: (input, rng) => void (input.address.country = rng.word(rng.int(3, 6))) },
];

/** A valid sign-up with two to five of its fields broken, and those fields in the order they were broken. */
export function brokenSignup(rng: Random): { input: Record<string, unknown>; broken: Breaker[] } {
  const input = structuredClone(randomSignup(rng)) as unknown as Record<string, unknown> & { address: Record<string, unknown> };
  const pool = [...BREAKERS];
  const take = (from: Breaker[]) => pool.splice(pool.indexOf(rng.pick(from)), 1);
  // Always one top-level and one nested field: every run shows both kinds of path.
  const broken: Breaker[] = [...take(pool.filter((breaker) => !breaker.path.includes('.'))), ...take(pool.filter((breaker) => breaker.path.includes('.')))];
  const count = rng.int(2, 5);
  while (broken.length < count) broken.push(...pool.splice(rng.int(0, pool.length - 1), 1));
  for (const breaker of broken) breaker.breakIt(input, rng);
  return { input, broken };
}

/** A sign-up as a browser form sends it: dotted names, a checkbox that is 'on' or absent. */
export function toForm(input: SignupInput): URLSearchParams {
  const form = new URLSearchParams({ email: input.email, password: input.password, name: input.name, age: String(input.age) });
  if (input.newsletter) form.set('newsletter', 'on');
  for (const [key, value] of Object.entries(input.address)) form.set(`address.${key}`, value);
  return form;
}

/** Up to 500 characters of a value, for a failure message. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
