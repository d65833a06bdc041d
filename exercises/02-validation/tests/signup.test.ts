import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { validateSignup } from '../src/signup.js';
import type { Result } from '../src/types.js';
import { brokenSignup, randomCase, randomPadding, randomSignup, show } from './support/signups.js';

const pathsOf = (result: Result<unknown>): string[] => (result.ok ? [] : result.errors.map((error) => error.path).sort());
const valueOf = <T>(result: Result<T>): T | undefined => (result.ok ? result.value : undefined);
const EMOJI = ['🔒', '🌍', '🎹', '🚲', '🍀', '🐙', '🎈', '🧭'];

describe('task 1: validate a sign-up form', () => {
  it('accepts a valid sign-up and gives it back as { ok: true, value }', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const result = validateSignup(input);
    expect(result.ok, rng.tag(`a valid sign-up must give { ok: true, value }; validateSignup(${show(input)}) returned ${show(result)}`)).toBe(true);
    expect(valueOf(result), rng.tag('the value must hold every field of a valid sign-up, unchanged (it was already normalised)')).toEqual(input);
  });

  it('trims the e-mail and lower-cases it, so one person has one address', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const typed = `${randomPadding(rng)}${randomCase(rng, input.email)}${randomPadding(rng)}`;
    const result = validateSignup({ ...input, email: typed });
    expect(
      valueOf(result)?.email,
      rng.tag(
        `${show(typed)} must come out as ${show(input.email)}: without trim and lower case, "Ada@X.io" and "ada@x.io" become two accounts and the user cannot log in with the other spelling; got ${show(result)}`,
      ),
    ).toBe(input.email);
  });

  it('trims the name and street and upper-cases the postcode and country', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const pad = () => randomPadding(rng);
    const typed = {
      ...input,
      name: `${pad()}${input.name}${pad()}`,
      address: {
        street: `${pad()}${input.address.street}${pad()}`,
        postcode: `${pad()}${input.address.postcode.toLowerCase()}${pad()}`,
        country: input.address.country.toLowerCase(),
      },
    };
    const result = validateSignup(typed);
    expect(valueOf(result), rng.tag(`the stored value is the normalised one: trimmed text, upper-case codes; validateSignup(${show(typed)}) returned ${show(result)}`)).toEqual(input);
  });

  it('keeps the password exactly as typed, spaces included', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const password = ` ${input.password}${randomPadding(rng)}`;
    const result = validateSignup({ ...input, password });
    expect(
      valueOf(result)?.password,
      rng.tag(
        `the password must not be trimmed or changed: spaces are characters of a passphrase, and a user whose password was trimmed at sign-up cannot log in with what they typed (OWASP Authentication Cheat Sheet: allow all characters, including whitespace); got ${show(result)}`,
      ),
    ).toBe(password);
  });

  it('reports every invalid field at once, not only the first', () => {
    const rng = seededRandom();
    const { input, broken } = brokenSignup(rng);
    const expected = broken.map((breaker) => breaker.path).sort();
    const result = validateSignup(input);
    expect(result.ok, rng.tag(`a sign-up with ${expected.join(', ')} broken must be refused; got ${show(result)}`)).toBe(false);
    expect(
      pathsOf(result),
      rng.tag(
        `every broken field must be reported, each once, in one answer: a form that shows one error per submit makes the user submit again and again. Input: ${show(input)}; returned ${show(result)}`,
      ),
    ).toEqual(expected);
  });

  it('names a nested field by its full path, such as address.postcode', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const result = validateSignup({ ...input, address: { ...input.address, postcode: `${rng.word(2)}!${rng.word(2)}` } });
    expect(pathsOf(result), rng.tag(`a bad postcode inside address must be reported as "address.postcode", so a client can put the message next to the right field; got ${show(result)}`)).toEqual([
      'address.postcode',
    ]);
  });

  it('reports each missing required field once, and nothing for the optional newsletter', () => {
    const result = validateSignup({});
    expect(
      pathsOf(result),
      `validateSignup({}) must report email, password, name, age and address as required (a missing address is one error, "address", not one per field inside it), and not newsletter, which defaults to false; got ${show(result)}`,
    ).toEqual(['address', 'age', 'email', 'name', 'password']);
  });

  it('counts the password length in characters, so an emoji is one character, not two', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const short = Array.from({ length: 14 }, () => rng.pick(EMOJI)).join('');
    const result = validateSignup({ ...input, password: short });
    expect(
      pathsOf(result),
      rng.tag(
        `${show(short)} is 14 characters, under the 15 minimum; JavaScript's .length counts UTF-16 units and says ${short.length}. NIST SP 800-63B counts each Unicode code point as one character: count with [...password].length. Got ${show(result)}`,
      ),
    ).toEqual(['password']);
    const enough = `${short}${rng.pick(EMOJI)}`;
    expect(validateSignup({ ...input, password: enough }).ok, rng.tag(`${show(enough)} is 15 characters and must be accepted`)).toBe(true);
  });

  it('refuses a password longer than 128 characters instead of cutting it short', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const password = rng.word(rng.int(129, 300));
    const result = validateSignup({ ...input, password });
    expect(
      pathsOf(result),
      rng.tag(
        `a ${password.length}-character password must be refused with an error on "password": cutting it to 128 characters stores a password the user never chose (OWASP Authentication Cheat Sheet: do not silently truncate passwords); got ${show(result)}`,
      ),
    ).toEqual(['password']);
  });

  it('refuses an age sent as text: converting text is the body parser’s job, not the validator’s', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const result = validateSignup({ ...input, age: String(input.age) });
    expect(
      pathsOf(result),
      rng.tag(`age ${show(String(input.age))} is a string; in JSON a number is written without quotes, and a validator that guesses hides client bugs. Got ${show(result)}`),
    ).toEqual(['age']);
  });

  it('refuses an age that is not a whole number from 13 to 120', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    for (const age of [12, 121, rng.int(14, 119) + 0.5, -rng.int(1, 40), Number.NaN]) {
      const result = validateSignup({ ...input, age });
      expect(pathsOf(result), rng.tag(`age ${age} must be refused with an error on "age" (a whole number from 13 to 120); got ${show(result)}`)).toEqual(['age']);
    }
    for (const age of [13, 120]) {
      expect(validateSignup({ ...input, age }).ok, rng.tag(`age ${age} is inside 13 to 120 and must be accepted`)).toBe(true);
    }
  });

  it('defaults newsletter to false when it is left out', () => {
    const rng = seededRandom();
    const { newsletter: _left, ...input } = randomSignup(rng);
    const result = validateSignup(input);
    expect(valueOf(result)?.newsletter, rng.tag(`a sign-up without newsletter is valid and its value says newsletter: false (nobody is subscribed by accident); got ${show(result)}`)).toBe(false);
  });

  it('builds the value from the sign-up fields alone, so an extra isAdmin is not copied', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const extra = rng.word(7);
    const result = validateSignup({ ...input, isAdmin: true, [extra]: 'x', address: { ...input.address, verified: true } });
    const value = valueOf(result) as Record<string, unknown> | undefined;
    expect(value, rng.tag(`extra fields must not stop a valid sign-up here (the body parser refuses them); got ${show(result)}`)).toBeDefined();
    expect(
      Object.keys(value ?? {}).sort(),
      rng.tag(
        `the value must have exactly the sign-up's fields: copying the input ({ ...input }) lets isAdmin, ${extra} or any other field into the user record (OWASP Mass Assignment Cheat Sheet: bind an allow-list of fields); got ${show(value)}`,
      ),
    ).toEqual(['address', 'age', 'email', 'name', 'newsletter', 'password']);
    expect(Object.keys((value?.address as object | undefined) ?? {}).sort(), rng.tag(`address must have exactly street, postcode and country; got ${show(value?.address)}`)).toEqual([
      'country',
      'postcode',
      'street',
    ]);
  });

  it('refuses input that is not an object with one error for the whole input, path ""', () => {
    for (const input of [null, [], 'ada@example.com', 42, undefined]) {
      const result = validateSignup(input);
      expect(result, `validateSignup(${show(input)}) must return { ok: false, errors: [{ path: '', message }] } and not throw; the whole input is wrong, so the path is ''`).toEqual({
        ok: false,
        errors: [{ path: '', message: expect.any(String) }],
      });
    }
  });
});
