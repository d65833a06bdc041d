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

  it('accepts an e-mail of exactly 254 characters and refuses one of 255', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const domain = `${rng.word(rng.int(4, 9))}.example.com`;
    const longest = `${rng.word(254 - domain.length - 1)}@${domain}`;
    const accepted = validateSignup({ ...input, email: longest });
    expect(valueOf(accepted)?.email, rng.tag(`an e-mail of exactly 254 characters is within "at most 254" and must be accepted; got ${show(accepted)}`)).toBe(longest);
    const tooLong = `${rng.word(1)}${longest}`;
    const refused = validateSignup({ ...input, email: tooLong });
    expect(pathsOf(refused), rng.tag(`an e-mail of 255 characters is over the limit of 254 and must be refused with an error on "email"; got ${show(refused)}`)).toEqual(['email']);
  });

  it('counts the length of an e-mail, a name and a street in characters, so an emoji is one character, not two', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const emoji = (count: number) => Array.from({ length: count }, () => rng.pick(EMOJI)).join('');
    const domain = `${rng.word(5)}.example.com`;
    const typed = { ...input, email: `${emoji(254 - domain.length - 1)}@${domain}`, name: emoji(100), address: { ...input.address, street: emoji(200) } };
    const result = validateSignup(typed);
    expect(
      pathsOf(result),
      rng.tag(
        `an e-mail of 254 characters, a name of 100 and a street of 200, all of emoji, are each at their limit and must be accepted: a length is counted in characters, each Unicode code point one (NIST SP 800-63B), and .length counts UTF-16 units, two per emoji. Got ${show(result)}`,
      ),
    ).toEqual([]);
  });

  it('measures the e-mail, name and street after trimming, so spaces around them do not count', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const pad = () => randomPadding(rng);
    const domain = `${rng.word(5)}.example.com`;
    const email = `${rng.word(254 - domain.length - 1)}@${domain}`;
    const name = rng.word(100);
    const street = rng.word(200);
    const typed = { ...input, email: `${pad()}${email}${pad()}`, name: `${pad()}${name}${pad()}`, address: { ...input.address, street: `${pad()}${street}${pad()}` } };
    const result = validateSignup(typed);
    expect(
      valueOf(result),
      rng.tag(`an e-mail of 254 characters, a name of 100 and a street of 200, each with spaces around it, are within their limits once trimmed ("1 to 100 characters after trimming") and must be accepted, trimmed; got ${show(result)}`),
    ).toEqual({ ...input, email, name, address: { ...input.address, street } });
  });

  it('accepts a name of exactly 100 characters and a street of exactly 200, and refuses one character more', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const name = rng.word(100);
    const street = rng.word(200);
    const longest = validateSignup({ ...input, name, address: { ...input.address, street } });
    expect(pathsOf(longest), rng.tag(`a name of 100 characters and a street of 200 are at their limits and must be accepted; got ${show(longest)}`)).toEqual([]);
    expect(valueOf(longest)?.address.street, rng.tag(`the street may have up to 200 characters, more than a name's 100; got ${show(longest)}`)).toBe(street);
    const over = validateSignup({ ...input, name: `${name}${rng.word(1)}`, address: { ...input.address, street: `${street}${rng.word(1)}` } });
    expect(pathsOf(over), rng.tag(`a name of 101 characters and a street of 201 are over their limits and must each be refused; got ${show(over)}`)).toEqual(['address.street', 'name']);
  });

  it('accepts a password of exactly 128 characters and refuses one of 129', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const longest = rng.word(128);
    const accepted = validateSignup({ ...input, password: longest });
    expect(valueOf(accepted)?.password, rng.tag(`a password of exactly 128 characters is within "15 to 128" and must be accepted as it is; got ${show(accepted)}`)).toBe(longest);
    const refused = validateSignup({ ...input, password: `${longest}${rng.word(1)}` });
    expect(pathsOf(refused), rng.tag(`a password of 129 characters is over the maximum and must be refused with an error on "password"; got ${show(refused)}`)).toEqual(['password']);
  });

  it('counts the spaces at the ends of a password towards its length', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const password = rng.next() < 0.5 ? `${rng.word(14)} ` : ` ${rng.word(14)}`;
    const result = validateSignup({ ...input, password });
    expect(
      valueOf(result)?.password,
      rng.tag(`${show(password)} is 15 characters, a space among them, and must be accepted unchanged: spaces are characters of a passphrase (OWASP Authentication Cheat Sheet: allow all characters, including whitespace); got ${show(result)}`),
    ).toBe(password);
  });

  it('accepts a password made only of spaces: a password is missing only when it is empty', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    for (const password of [' '.repeat(15), ' '.repeat(rng.int(16, 128))]) {
      const result = validateSignup({ ...input, password });
      expect(
        valueOf(result)?.password,
        rng.tag(
          `a password of ${password.length} spaces is ${password.length} characters, not a blank field, and must be accepted unchanged: the password is never trimmed, so it is "is required" only when it is empty (""); spaces are characters of a passphrase (OWASP Authentication Cheat Sheet: allow all characters, including whitespace). Got ${show(result)}`,
        ),
      ).toBe(password);
    }
  });

  it('refuses an e-mail whose domain has no dot', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    for (const email of [`${rng.word(6)}@${rng.word(8)}`, `${rng.word(4)}.${rng.word(5)}@${rng.word(8)}`]) {
      const result = validateSignup({ ...input, email });
      expect(pathsOf(result), rng.tag(`${show(email)} has no dot after the @: an e-mail looks like name@domain.tld, with a dot in the domain; got ${show(result)}`)).toEqual(['email']);
    }
  });

  it('refuses an e-mail with more than one @', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    for (const email of [`${rng.word(5)}@${rng.word(5)}@${rng.word(6)}.com`, `${rng.word(5)}@@${rng.word(6)}.org`]) {
      const result = validateSignup({ ...input, email });
      expect(pathsOf(result), rng.tag(`${show(email)} has more than one @, and an e-mail has exactly one; got ${show(result)}`)).toEqual(['email']);
    }
  });

  it('refuses an e-mail with whitespace inside it', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    for (const gap of [' ', '\t']) {
      for (const email of [`${rng.word(4)}${gap}${rng.word(5)}@${rng.word(6)}.com`, `${rng.word(5)}@${rng.word(4)}${gap}${rng.word(4)}.net`]) {
        const result = validateSignup({ ...input, email });
        expect(pathsOf(result), rng.tag(`${show(email)} has whitespace inside it (trimming removes only the ends), and an e-mail has none; got ${show(result)}`)).toEqual(['email']);
      }
    }
  });

  it('gives a field one error at most, even when it breaks two of its rules', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const email = rng.word(rng.int(255, 300));
    const result = validateSignup({ ...input, email });
    expect(
      pathsOf(result),
      rng.tag(`an e-mail of ${email.length} characters without an @ is both too long and not an e-mail, and must get one error, the first rule that fails: a field gets at most one error; got ${show(result)}`),
    ).toEqual(['email']);
  });

  it('accepts a postcode of 3 to 10 letters, digits, spaces and hyphens', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const digit = () => String(rng.int(0, 9));
    const postcodes = [
      `${digit()}${rng.word(2)}`,
      `${rng.word(2)}${digit()}-${digit()}${rng.word(1)} ${rng.word(1)}${digit()}${digit()}`,
      `${rng.word(2)}${digit()}  ${digit()}${rng.word(2)}`,
    ].map((postcode) => postcode.toUpperCase());
    for (const postcode of postcodes) {
      const result = validateSignup({ ...input, address: { ...input.address, postcode } });
      expect(
        valueOf(result)?.address.postcode,
        rng.tag(`${show(postcode)} (${postcode.length} characters) is a valid postcode and must be accepted as it is: a postcode is normalised by trimming and upper-casing, nothing else; got ${show(result)}`),
      ).toBe(postcode);
    }
  });

  it('refuses a postcode of 11 characters, one that starts or ends with a space or hyphen, or one with other whitespace inside', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const code = () => `${rng.word(2)}${rng.int(10, 99)}`.toUpperCase();
    for (const postcode of [`${code()}${code()} ${rng.word(1)}${rng.int(1, 9)}`.toUpperCase(), `-${code()}`, `${code()}-`, `${code()} -`, `${code()}\t${code()}`, `${code()}\n${code()}`]) {
      const result = validateSignup({ ...input, address: { ...input.address, postcode } });
      expect(
        pathsOf(result),
        rng.tag(`${show(postcode)} must be refused: a postcode is 3 to 10 letters, digits, spaces or hyphens (a tab or a newline is not a space), and starts and ends with a letter or digit; got ${show(result)}`),
      ).toEqual(['address.postcode']);
    }
  });

  it('refuses a country that is not exactly two letters', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    for (const country of [rng.word(1), rng.word(3), `${rng.word(1)}${rng.int(0, 9)}`, String(rng.int(10, 99))]) {
      const result = validateSignup({ ...input, address: { ...input.address, country } });
      expect(pathsOf(result), rng.tag(`${show(country)} must be refused: a country is two letters, the shape of an ISO 3166-1 alpha-2 code such as GB; got ${show(result)}`)).toEqual(['address.country']);
    }
  });

  it('refuses a newsletter that is not true or false, without turning it into one', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    for (const newsletter of [0, 1, '', 'true', 'false', null]) {
      const result = validateSignup({ ...input, newsletter });
      expect(
        pathsOf(result),
        rng.tag(`newsletter ${show(newsletter)} is not a boolean and must be refused with an error on "newsletter": only true or false are, and the validator does not convert types; got ${show(result)}`),
      ).toEqual(['newsletter']);
    }
  });

  it('refuses a number where text belongs instead of turning it into text', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const typed = {
      ...input,
      password: rng.int(10 ** 15, 9 * 10 ** 15),
      name: rng.int(1, 999),
      address: { ...input.address, street: rng.int(1, 250), postcode: rng.int(10000, 99999) },
    };
    const result = validateSignup(typed);
    expect(
      pathsOf(result),
      rng.tag(`a password, a name, a street and a postcode sent as JSON numbers are values of the wrong type and must each be refused: the validator does not convert types; validateSignup(${show(typed)}) returned ${show(result)}`),
    ).toEqual(['address.postcode', 'address.street', 'name', 'password']);
  });

  it('refuses an address that is not an object with one error at address', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    for (const address of [null, [], [input.address.street, input.address.postcode, input.address.country], rng.word(8), rng.int(1, 99), true]) {
      const result = validateSignup({ ...input, address });
      expect(
        pathsOf(result),
        rng.tag(`address ${show(address)} is missing or not an object: that is one error on "address" (null is missing, and an array is not an object with street, postcode and country), not one per field inside it, and no exception; got ${show(result)}`),
      ).toEqual(['address']);
    }
  });

  it('reads only the fields the input has itself, never ones it inherits through its prototype', () => {
    const rng = seededRandom();
    const inherited = Object.create(randomSignup(rng)) as object;
    const result = validateSignup(inherited);
    expect(
      pathsOf(result),
      rng.tag(
        `an object whose fields all come from its prototype has no fields of its own, so every required field is missing: read fields with Object.hasOwn, or a field set on Object.prototype (prototype pollution) becomes everyone's input; got ${show(result)}`,
      ),
    ).toEqual(['address', 'age', 'email', 'name', 'password']);
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
