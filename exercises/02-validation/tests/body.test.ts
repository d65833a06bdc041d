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

  it('reports an empty JSON body as malformed', () => {
    for (const raw of ['', ' \r\n']) {
      const parsed = parseBody(JSON_TYPE, raw, SIGNUP_SHAPE);
      expect(parsed, `${call(JSON_TYPE, raw)} must return reason 'malformed': an empty body is not a JSON text (RFC 8259, section 2), so it cannot be read, and it is not an empty object; got ${show(parsed)}`).toMatchObject({
        ok: false,
        reason: 'malformed',
      });
    }
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

  it('reads the media type trimmed of the spaces around it, before any parameters', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const raw = JSON.stringify(input);
    for (const contentType of ['application/json ; charset=utf-8', ' Application/Json', 'application/json\t;charset=utf-8']) {
      const parsed = parseBody(contentType, raw, SIGNUP_SHAPE);
      expect(
        valueOf(parsed),
        rng.tag(`${call(contentType, raw)} is JSON: the media type is the part before any ";", trimmed and compared in lower case (RFC 9110, sections 8.3.1 and 5.6.6: whitespace may come before the ";"); got ${show(parsed)}`),
      ).toEqual(input);
    }
    const checked = { ...input, newsletter: true };
    const form = toForm(checked).toString();
    const parsedForm = parseBody(`${FORM_TYPE} ; charset=UTF-8`, form, SIGNUP_SHAPE);
    expect(valueOf(parsedForm), rng.tag(`${call(`${FORM_TYPE} ; charset=UTF-8`, form)} is a form body; got ${show(parsedForm)}`)).toEqual(checked);
  });

  it('refuses a media type that only begins like application/json', () => {
    const raw = '{"email":"ada@example.com"}';
    for (const contentType of ['application/json-seq', 'application/json-patch+json', 'application/jsonp', `${FORM_TYPE}-x`]) {
      const parsed = parseBody(contentType, raw, SIGNUP_SHAPE);
      expect(
        parsed,
        `${call(contentType, raw)} must be 'unsupported-media-type': ${contentType} is another media type, not application/json with something after it; compare the whole media type, not its beginning; got ${show(parsed)}`,
      ).toMatchObject({ ok: false, reason: 'unsupported-media-type' });
    }
  });

  it('answers broken JSON sent under another content type as unsupported, not malformed: the content type is looked at first', () => {
    const rng = seededRandom();
    const raw = JSON.stringify(randomSignup(rng)).slice(0, -rng.int(1, 6));
    for (const contentType of ['text/plain', undefined]) {
      const parsed = parseBody(contentType, raw, SIGNUP_SHAPE);
      expect(
        parsed,
        rng.tag(`${call(contentType, raw)} must be 'unsupported-media-type' (415), not 'malformed' (400): the body is not JSON by its content type, so it is never parsed as JSON, and the client must learn to fix the content type first; got ${show(parsed)}`),
      ).toMatchObject({ ok: false, reason: 'unsupported-media-type' });
    }
  });

  it('refuses JSON keys that every object inherits, such as toString, constructor and __proto__', () => {
    const rng = seededRandom();
    const input = randomSignup(rng);
    const raw = `{"email":${JSON.stringify(input.email)},"toString":"${rng.word(4)}","constructor":{"name":"x"},"__proto__":{"isAdmin":true},"address":{"street":"1 Way","hasOwnProperty":1}}`;
    const parsed = parseBody(JSON_TYPE, raw, SIGNUP_SHAPE);
    expect(
      errorPathsOf(parsed),
      rng.tag(
        `${call(JSON_TYPE, raw)} must refuse each of these keys: the shape does not name them, it only inherits them from Object.prototype; check with Object.hasOwn(shape, key), not "key in shape" or shape[key] (OWASP Prototype Pollution Prevention Cheat Sheet); got ${show(parsed)}`,
      ),
    ).toEqual(['__proto__', 'address.hasOwnProperty', 'constructor', 'toString']);
  });

  it('refuses form names that every object inherits, such as toString and constructor', () => {
    const rng = seededRandom();
    const raw = `email=${rng.word(5)}%40example.com&toString=${rng.word(4)}&constructor=${rng.word(4)}&address.valueOf=${rng.word(4)}`;
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(
      errorPathsOf(parsed),
      rng.tag(`${call(FORM_TYPE, raw)} must refuse each of these names: the shape only inherits them from Object.prototype; check each segment with Object.hasOwn; got ${show(parsed)}`),
    ).toEqual(['address.valueOf', 'constructor', 'toString']);
  });

  it('refuses a dotted form name that is not a field of its group', () => {
    const rng = seededRandom();
    for (const name of ['address.verified', 'address.street.line', `email.${rng.word(5)}`]) {
      const raw = `${name}=${rng.word(4)}`;
      const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
      expect(
        errorPathsOf(parsed),
        rng.tag(`${call(FORM_TYPE, raw)} must be refused with an error on ${show(name)}: every segment of a dotted name must be in the shape, not only the first (OWASP Mass Assignment Cheat Sheet); got ${show(parsed)}`),
      ).toEqual([name]);
    }
  });

  it('refuses a form name that ends at a group, such as address', () => {
    const rng = seededRandom();
    const raw = `address=${rng.int(1, 99)}+${rng.word(6)}+Road`;
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(
      errorPathsOf(parsed),
      rng.tag(`${call(FORM_TYPE, raw)} must be refused with an error on "address": address is a group of fields, sent as address.street, address.postcode and address.country, and a form cannot give it as one text; got ${show(parsed)}`),
    ).toEqual(['address']);
  });

  it('reports every unknown, repeated or misplaced form field at once', () => {
    const rng = seededRandom();
    const unknown = rng.word(7);
    const raw = `${unknown}=1&email=${rng.word(5)}%40example.com&isAdmin=true&address=x&email=${rng.word(5)}%40example.org&address.verified=on`;
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(
      errorPathsOf(parsed),
      rng.tag(`${call(FORM_TYPE, raw)} must report all five problems in one answer, not only the first: collect every unknown, repeated or misplaced field, then decide; got ${show(parsed)}`),
    ).toEqual(['address', 'address.verified', 'email', 'isAdmin', unknown].sort());
  });

  it('turns a plain decimal into a number: digits, with an optional minus sign and an optional fraction', () => {
    const rng = seededRandom();
    const whole = rng.int(13, 120);
    for (const [text, expected] of [[String(whole), whole], [`-${whole}`, -whole], [`${whole}.5`, whole + 0.5], ['0', 0], ['-0.25', -0.25]] as const) {
      const raw = `age=${text}`;
      const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
      expect(
        valueOf(parsed),
        rng.tag(`${call(FORM_TYPE, raw)} must give age: ${expected}, a number: "-?" digits, optionally "." digits, is a plain decimal; the validator then judges it (a fraction or a negative age is its error to report, on "age"); got ${show(parsed)}`),
      ).toEqual({ age: expected });
    }
  });

  it('leaves other number-like form text as text: hexadecimal, exponents, a plus sign, spaces, a bare dot', () => {
    const rng = seededRandom();
    const n = rng.int(13, 99);
    for (const text of [`0x${n}`, `${n}e1`, `+${n}`, ` ${n}`, `${n} `, `${n}.`, `.${n}`, 'Infinity', `${n},5`]) {
      const raw = new URLSearchParams({ age: text }).toString();
      const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
      expect(
        valueOf(parsed),
        rng.tag(`${call(FORM_TYPE, raw)} must keep age as the text ${show(text)}: only a plain decimal ("-?" digits, optionally "." digits) becomes a number; Number() also reads "0x24", "1e3", "+36" and " 7 ", and the user did not type a plain number; got ${show(parsed)}`),
      ).toEqual({ age: text });
    }
  });

  it('leaves checkbox text other than true, on and false as text', () => {
    for (const text of ['yes', 'no', 'off', '1', '0']) {
      const raw = `newsletter=${text}`;
      const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
      expect(
        valueOf(parsed),
        `${call(FORM_TYPE, raw)} must keep newsletter as the text ${show(text)}: only "true" and "on" are true and only "false" is false; anything else stays text, so the validator reports it instead of the parser guessing; got ${show(parsed)}`,
      ).toEqual({ newsletter: text });
    }
  });

  it('reads only lower-case true, on and false as booleans: TRUE, On and False stay text', () => {
    for (const text of ['TRUE', 'True', 'ON', 'On', 'FALSE', 'False']) {
      const raw = `newsletter=${text}`;
      const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
      expect(
        valueOf(parsed),
        `${call(FORM_TYPE, raw)} must keep newsletter as the text ${show(text)}: the form rules name exactly "true" and "on" (what a checked checkbox sends, in lower case, by the HTML Standard) and "false"; any other text, another case included, stays text for the validator to report, not a guess; got ${show(parsed)}`,
      ).toEqual({ newsletter: text });
    }
  });

  it('keeps the spaces at both ends of form text, so a password arrives as it was typed', () => {
    const rng = seededRandom();
    const password = ` ${rng.word(rng.int(5, 8))} ${rng.word(rng.int(5, 8))} ${rng.word(rng.int(5, 8))} `;
    const name = `${rng.word(rng.int(3, 8))} `;
    const raw = new URLSearchParams({ password, name }).toString();
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(
      valueOf(parsed),
      rng.tag(
        `${call(FORM_TYPE, raw)} must give the text exactly as sent, spaces at the ends included: where the shape says 'string' the form text is the value, as is. Trimming belongs to the validator, which trims a name but never a password (spaces are characters of a passphrase, OWASP Authentication Cheat Sheet); got ${show(parsed)}`,
      ),
    ).toEqual({ password, name });
  });

  it('refuses a form field given twice even when the first one is empty', () => {
    const rng = seededRandom();
    for (const raw of [`age=&age=${rng.int(13, 120)}`, `newsletter=&newsletter=${rng.pick(['on', 'true', 'false'])}`]) {
      const name = raw.slice(0, raw.indexOf('='));
      const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
      expect(
        errorPathsOf(parsed),
        rng.tag(`${call(FORM_TYPE, raw)} must be refused with an error on ${show(name)}: the name is given twice, whatever its first value was; an empty value stores nothing, so a repeat found by looking at what was stored lets the second one through (HTTP parameter pollution). Got ${show(parsed)}`),
      ).toEqual([name]);
    }
  });

  it('keeps form text for a text field as it is, also when it is empty or all digits', () => {
    const rng = seededRandom();
    const postcode = String(rng.int(10000, 99999));
    const street = String(rng.int(1, 9));
    const raw = `name=&address.postcode=${postcode}&address.street=${street}`;
    const parsed = parseBody(FORM_TYPE, raw, SIGNUP_SHAPE);
    expect(
      valueOf(parsed),
      rng.tag(`${call(FORM_TYPE, raw)} must keep every text field as text, exactly: where the shape says 'string' the form text is the value, "" included (the validator then says "is required"), and digits stay text, not a number; got ${show(parsed)}`),
    ).toEqual({ name: '', address: { postcode, street } });
  });
});
