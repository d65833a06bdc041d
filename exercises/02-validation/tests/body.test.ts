import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { parseBody, type ParsedBody } from '../src/body.js';
import { SIGNUP_SHAPE } from '../src/signup.js';
import { randomSignup, show, toForm } from './support/signups.js';

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const valueOf = (parsed: ParsedBody): Record<string, unknown> | undefined => (parsed.ok ? parsed.value : undefined);
const errorPathsOf = (parsed: ParsedBody): string[] => (!parsed.ok && parsed.reason === 'invalid' ? parsed.errors.map((error) => error.path).sort() : []);
const call = (contentType: string | undefined, raw: string) => `parseBody(${show(contentType)}, ${show(raw)}, SIGNUP_SHAPE)`;

describe('task 2: parse request bodies', () => {
  afterEach(() => {
    // A learner's parser that pollutes Object.prototype must not break every later test.
    delete (Object.prototype as Record<string, unknown>).isAdmin;
  });

  it('parses a JSON body when the content type says application/json, with or without parameters, in any case', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const raw = JSON.stringify(input);
    for (const contentType of [JSON_TYPE, 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      const parsed = parseBody(contentType, raw, SIGNUP_SHAPE);
      expect(
        valueOf(parsed),
        rng.tag(`${call(contentType, raw)} must give { ok: true, value } with the JSON's fields: a media type is case-insensitive and may carry parameters such as charset (RFC 9110, section 8.3.1); got ${show(parsed)}`),
      ).toEqual(input);
    }
  });

  it('parses a form body and turns dotted names such as address.postcode into nested fields', () => {
    const rng = seededRandom();
    const input = { ...randomSignup(rng), newsletter: true };
    const raw = toForm(input).toString();
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(
      valueOf(parsed),
      rng.tag(`${call(FORM_TYPE, raw)} must give the same value a JSON body would: "address.street=…" goes into value.address.street, age becomes a number and the checked box ("on") becomes true; got ${show(parsed)}`),
    ).toEqual(input);
  });

  it('decodes + and percent escapes in form values as browsers send them', () => {
    const rng = seededRandom();
    const [first, last, word, other] = [rng.word(5), rng.word(7), rng.word(4), rng.word(6)];
    const raw = `name=${first}+${last}&address.street=${rng.int(1, 99)}%20${word}%26${other}%3D`;
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    const value = valueOf(parsed) as { name?: unknown; address?: { street?: unknown } } | undefined;
    expect(value?.name, rng.tag(`in a form body "+" is a space (WHATWG URL Standard, application/x-www-form-urlencoded): ${call(FORM_TYPE, raw)} returned ${show(parsed)}`)).toBe(`${first} ${last}`);
    expect(value?.address?.street, rng.tag(`percent escapes must be decoded (%20 space, %26 &, %3D =): use URLSearchParams; got ${show(parsed)}`)).toMatch(
      new RegExp(`^\\d+ ${word}&${other}=$`),
    );
  });

  it('turns form text into numbers and booleans where the shape asks for them', () => {
    const rng = seededRandom();
    const age = rng.int(13, 120);
    for (const [text, expected] of [['true', true], ['on', true]] as const) {
      const raw = `age=${age}&newsletter=${text}`;
      const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
      expect(
        valueOf(parsed),
        rng.tag(`a form sends only text; where the shape says number or boolean, ${call(FORM_TYPE, raw)} must give age: ${age} (a number) and newsletter: ${expected} ("on" is what a checked checkbox sends); got ${show(parsed)}`),
      ).toEqual({ age, newsletter: expected });
    }
  });

  it('turns "false" into false, although every non-empty string is truthy', () => {
    const raw = 'newsletter=false';
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(
      valueOf(parsed),
      `${call(FORM_TYPE, raw)} must give newsletter: false; Boolean("false") is true, so a user who said no gets the newsletter. Got ${show(parsed)}`,
    ).toEqual({ newsletter: false });
  });

  it('leaves form text that is not a plain number as text, so validation can name the field', () => {
    const rng = seededRandom();
    for (const text of [`${rng.int(13, 99)}${rng.word(3)}`, rng.word(5)]) {
      const raw = `age=${text}`;
      const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
      expect(
        valueOf(parsed),
        rng.tag(`${call(FORM_TYPE, raw)} must keep age as the text ${show(text)}: parseFloat would read "${text}" as a number and Number would make NaN, and either hides what the user typed; the validator then reports "age"; got ${show(parsed)}`),
      ).toEqual({ age: text });
    }
  });

  it('treats an empty number or checkbox field as left out, not as 0 or false', () => {
    const raw = 'age=&newsletter=';
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(
      valueOf(parsed),
      `${call(FORM_TYPE, raw)} must give {}: an empty field is a field the user left blank, so validation can say "age is required"; Number("") is 0, which would sign up a user aged 0 without a word. Got ${show(parsed)}`,
    ).toEqual({});
  });

  it('leaves JSON values as they are: "42" in JSON stays a string', () => {
    const rng = seededRandom();
    const age = String(rng.int(13, 120));
    const raw = JSON.stringify({ age, newsletter: 'true' });
    const parsed = parseBody(JSON_TYPE, raw, SIGNUP_SHAPE);
    expect(
      valueOf(parsed),
      rng.tag(`${call(JSON_TYPE, raw)} must keep the strings: JSON has real numbers and booleans, so a string where a number belongs is a client bug for validation to report, not something to guess; got ${show(parsed)}`),
    ).toEqual({ age, newsletter: 'true' });
  });

  it('refuses every field the shape does not name, at any depth, in a JSON body', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const extra = rng.word(8);
    const raw = JSON.stringify({ ...input, isAdmin: true, [extra]: rng.word(4), address: { ...input.address, verified: true } });
    const parsed = parseBody(JSON_TYPE, raw, SIGNUP_SHAPE);
    expect(parsed.ok, rng.tag(`${call(JSON_TYPE, raw)} must be refused: a body that sets isAdmin must never reach the user record (OWASP Mass Assignment Cheat Sheet); got ${show(parsed)}`)).toBe(false);
    expect(
      errorPathsOf(parsed),
      rng.tag(`the answer must be { ok: false, reason: 'invalid', errors } with one error per unknown field, named by its path; check names against the shape (an allow-list), not against a list of dangerous names. Got ${show(parsed)}`),
    ).toEqual(['address.verified', extra, 'isAdmin'].sort());
  });

  it('refuses a field the shape does not name in a form body', () => {
    const rng = seededRandom();
    const form = toForm(randomSignup(rng));
    form.set(rng.pick(['isAdmin', 'role', 'emailVerified']), rng.pick(['true', 'admin', '1']));
    const raw = form.toString();
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(parsed, rng.tag(`${call(FORM_TYPE, raw)} must be refused as { ok: false, reason: 'invalid', errors } (OWASP Mass Assignment Cheat Sheet); got ${show(parsed)}`)).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a form field named __proto__ without touching Object.prototype', () => {
    const rng = seededRandom();
    const form = toForm(randomSignup(rng));
    form.set('__proto__.isAdmin', 'true');
    const raw = form.toString();
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    const polluted = ({} as Record<string, unknown>).isAdmin;
    expect(
      polluted,
      rng.tag(`after ${call(FORM_TYPE, raw)}, every object in the process has isAdmin = ${show(polluted)}: walking "__proto__.isAdmin" into an object writes to Object.prototype (prototype pollution). Check each name against the shape with Object.hasOwn before you create or write anything`),
    ).toBeUndefined();
    expect(errorPathsOf(parsed), rng.tag(`"__proto__.isAdmin" is not a field of the shape and must be reported as unknown; got ${show(parsed)}`)).toEqual(['__proto__.isAdmin']);
  });

  it('refuses a form field given twice instead of picking one of its values', () => {
    const rng = seededRandom();
    const raw = `email=${rng.word(5)}%40example.com&email=${rng.word(5)}%40example.org`;
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(
      errorPathsOf(parsed),
      rng.tag(`${call(FORM_TYPE, raw)} must be refused with an error on "email": when a name repeats, parts of a system that pick the first and parts that pick the last disagree about what was sent (HTTP parameter pollution); got ${show(parsed)}`),
    ).toEqual(['email']);
  });

  it('reports malformed JSON as { ok: false, reason: "malformed" } instead of throwing', () => {
    const rng = seededRandom();
    const raw = JSON.stringify(randomSignup(rng)).slice(0, -rng.int(1, 6));
    let parsed: ParsedBody | undefined;
    expect(() => {
      parsed = parseBody(JSON_TYPE, raw, SIGNUP_SHAPE);
    }, rng.tag(`${call(JSON_TYPE, raw)} threw: JSON.parse throws on a broken body, and a throw here becomes a 500 for what is the client's mistake. Catch it and return { ok: false, reason: 'malformed', detail }`)).not.toThrow();
    expect(parsed, rng.tag(`${call(JSON_TYPE, raw)} must return reason 'malformed'; got ${show(parsed)}`)).toMatchObject({ ok: false, reason: 'malformed', detail: expect.any(String) });
  });

  it('refuses a content type it does not read, or none at all', () => {
    for (const contentType of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', '', undefined]) {
      const raw = '{"email":"ada@example.com"}';
      const parsed = parseBody(contentType, raw, SIGNUP_SHAPE);
      expect(
        parsed,
        `${call(contentType, raw)} must be { ok: false, reason: 'unsupported-media-type', detail }: the Content-Type decides how a body is read, and a body that looks like JSON under another type is not read as JSON; got ${show(parsed)}`,
      ).toMatchObject({ ok: false, reason: 'unsupported-media-type', detail: expect.any(String) });
    }
  });

  it('refuses well-formed JSON that is not an object, with one error at path ""', () => {
    for (const raw of ['[]', 'null', '"ada@example.com"', '42']) {
      const parsed = parseBody(JSON_TYPE, raw, SIGNUP_SHAPE);
      expect(
        parsed,
        `${call(JSON_TYPE, raw)} must be { ok: false, reason: 'invalid', errors: [{ path: '', message }] }: it is valid JSON, so not malformed, but a sign-up is an object; got ${show(parsed)}`,
      ).toEqual({ ok: false, reason: 'invalid', errors: [{ path: '', message: expect.any(String) }] });
    }
  });
});
