import { randomUUID } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { explain, jsonOf, send, serve, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createApp, INVALID_FIELDS_TYPE, type UserStore } from '../src/app.js';
import type { Signup } from '../src/signup.js';
import { brokenSignup, randomCase, randomPadding, randomSignup, show, toForm } from './support/signups.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const INVALID_IS_422 =
  'a body that was read but whose fields are wrong is 422 Unprocessable Content (RFC 9110, section 15.5.21); 400 is for a body that cannot be read at all, and tells the client to fix its syntax, not its fields';

/** The learner's app on a real node:http server, with a store that keeps what it is given. */
async function startApp() {
  const saved: Signup[] = [];
  const store: UserStore = {
    add: async (signup) => {
      saved.push(signup);
      return randomUUID();
    },
  };
  const { url } = await serve(createApp(store));
  return { url, saved };
}

/** The pointers of a 422 problem, percent-decoded (RFC 6901, section 6: a pointer in a URI fragment is percent-encoded). */
function pointersOf(res: Exchange): string[] {
  const problem = asRecord(jsonOf(res));
  const errors = Array.isArray(problem.errors) ? problem.errors.map(asRecord) : [];
  return errors.map((error) => safeDecode(String(error.pointer)));
}

function safeDecode(pointer: string): string {
  try {
    return decodeURIComponent(pointer);
  } catch {
    return `(not percent-encoded properly) ${pointer}`;
  }
}

const mediaTypeOf = (res: Exchange): string => (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
const asRecord = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

function expectProblem(res: Exchange, status: number, why: string): Record<string, unknown> {
  expect(res.status, explain(res, why)).toBe(status);
  expect(mediaTypeOf(res), explain(res, `an error body is a problem details object and says so with Content-Type: application/problem+json, so a client knows how to read it (RFC 9457, section 3)`)).toBe(
    'application/problem+json',
  );
  const problem = asRecord(jsonOf(res));
  expect(problem.status, explain(res, `the "status" member must repeat the response's status code, ${status} (RFC 9457, section 3.1.2)`)).toBe(status);
  return problem;
}

describe('task 4: an endpoint that answers with problem details', () => {
  it('answers 201 with a Location header and the new user, without the password', async () => {
    const rng = seededRandom();
    const { url, saved } = await startApp();
    const input = randomSignup(rng);
    const res = await send(url, 'POST', '/signup', { body: input });
    expect(res.status, explain(res, rng.tag('a valid sign-up creates a user: 201 Created (RFC 9110, section 15.3.2)'))).toBe(201);
    expect(mediaTypeOf(res), explain(res, 'the new user is sent back as application/json')).toBe('application/json');
    const body = asRecord(jsonOf(res));
    const { password: _password, ...shown } = input;
    expect(body, explain(res, rng.tag('the body is the saved user: its id and every field except the password, which must never be sent back'))).toEqual({ id: expect.any(String), ...shown });
    expect(res.headers.get('location'), explain(res, 'Location must name the new user, /users/<id> (RFC 9110, section 10.2.2)')).toBe(`/users/${String(body.id)}`);
    expect(saved, rng.tag('exactly one sign-up must reach the store')).toHaveLength(1);
  });

  it('sends newsletter: false back in the 201 body, when it was false and when it was left out', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const input = { ...randomSignup(rng), newsletter: false };
    const { newsletter: _left, ...withoutNewsletter } = input;
    for (const body of [input, withoutNewsletter]) {
      const res = await send(url, 'POST', '/signup', { body });
      expect(res.status, explain(res, rng.tag('a valid sign-up is 201'))).toBe(201);
      expect(
        asRecord(jsonOf(res)).newsletter,
        explain(res, rng.tag('the 201 body carries every field of the value except the password, and false is a value: newsletter must be there as false, not left out (a client reading the answer must not have to guess what a missing field means)')),
      ).toBe(false);
    }
  });

  it('hands the store the validated, normalised sign-up', async () => {
    const rng = seededRandom();
    const { url, saved } = await startApp();
    const input = randomSignup(rng);
    const typed = { ...input, email: `${randomPadding(rng)}${randomCase(rng, input.email)}` };
    const res = await send(url, 'POST', '/signup', { body: typed });
    expect(res.status, explain(res, rng.tag('a valid sign-up is 201'))).toBe(201);
    expect(saved[0], rng.tag(`the store must get what validateSignup returned (e-mail ${show(input.email)}, not ${show(typed.email)}); got ${show(saved[0])}`)).toEqual(input);
  });

  it('accepts the same sign-up sent as a form', async () => {
    const rng = seededRandom();
    const { url, saved } = await startApp();
    const input = randomSignup(rng);
    const res = await send(url, 'POST', '/signup', { headers: FORM, body: toForm(input).toString() });
    expect(res.status, explain(res, rng.tag('a browser form (application/x-www-form-urlencoded) with valid fields is a valid sign-up: 201'))).toBe(201);
    expect(saved[0], rng.tag(`a form sign-up must reach the store as the same typed value a JSON one does (age a number, newsletter a boolean); got ${show(saved[0])}`)).toEqual(input);
  });

  it('answers 422 with an application/problem+json body when fields are invalid', async () => {
    const rng = seededRandom();
    const { url, saved } = await startApp();
    const { input } = brokenSignup(rng);
    const res = await send(url, 'POST', '/signup', { body: input });
    expectProblem(
      res,
      422,
      rng.tag(INVALID_IS_422),
    );
    expect(saved, rng.tag('nothing may reach the store when a field is invalid')).toHaveLength(0);
  });

  it('fills type, title and detail as RFC 9457 defines them', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const res = await send(url, 'POST', '/signup', { body: brokenSignup(rng).input });
    const problem = expectProblem(res, 422, rng.tag(INVALID_IS_422));
    expect(typeof problem.type, explain(res, '"type" is a URI that identifies the kind of problem (RFC 9457, section 3.1.1)')).toBe('string');
    expect(
      problem.type,
      explain(res, '"about:blank" means "nothing more than the status code" (RFC 9457, section 4.2.1); a problem that carries an errors list is its own type, so give it a URI of its own, such as https://example.com/problems/invalid-fields'),
    ).not.toBe('about:blank');
    expect(problem.title, explain(res, '"title" is a short summary of the problem type, the same every time (RFC 9457, section 3.1.3)')).toEqual(expect.stringMatching(/\S/));
    expect(problem.detail, explain(res, '"detail" explains this occurrence to a person, for example which fields are wrong (RFC 9457, section 3.1.4)')).toEqual(expect.stringMatching(/\S/));
    // Another occurrence, with one field wrong where the first had two or more: what each
    // says of itself goes in detail, so a count or a field name in the title shows.
    const other = await send(url, 'POST', '/signup', { body: { ...randomSignup(rng), email: 'not-an-email' } });
    const again = expectProblem(other, 422, rng.tag(INVALID_IS_422));
    expect(
      { type: again.type, title: again.title },
      explain(other, `"type" and "title" name the kind of problem, the same for every occurrence (RFC 9457, sections 3.1.1 and 3.1.3): the first 422 said ${JSON.stringify({ type: problem.type, title: problem.title })}. What differs from one request to the next (how many fields, which) goes in "detail" and "errors"`),
    ).toEqual({ type: problem.type, title: problem.title });
  });

  it('lists every invalid field in errors, each with a JSON pointer and a detail', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const { input, broken } = brokenSignup(rng);
    const res = await send(url, 'POST', '/signup', { body: input });
    const problem = expectProblem(res, 422, rng.tag(INVALID_IS_422));
    const errors = Array.isArray(problem.errors) ? problem.errors.map(asRecord) : [];
    expect(
      errors.map((error) => error.pointer).sort(),
      explain(
        res,
        rng.tag(
          `"errors" must list every invalid field, each once, as { pointer, detail } with a JSON Pointer in URI fragment form, as in RFC 9457 section 3's own example: here ${broken
            .map((breaker) => breaker.pointer)
            .sort()
            .join(', ')}`,
        ),
      ),
    ).toEqual(broken.map((breaker) => breaker.pointer).sort());
    for (const error of errors) {
      expect(error.detail, explain(res, `every entry of "errors" needs a "detail" saying what is wrong with ${show(error.pointer)}`)).toEqual(expect.stringMatching(/\S/));
    }
  });

  it('answers 422 naming isAdmin when a sign-up tries to make itself an administrator, and stores nothing', async () => {
    const rng = seededRandom();
    const { url, saved } = await startApp();
    const res = await send(url, 'POST', '/signup', { body: { ...randomSignup(rng), isAdmin: true } });
    const problem = expectProblem(res, 422, rng.tag(`a field the endpoint does not accept makes the request invalid (OWASP Mass Assignment Cheat Sheet), and ${INVALID_IS_422}`));
    const pointers = Array.isArray(problem.errors) ? problem.errors.map((error) => asRecord(error).pointer) : [];
    expect(pointers, explain(res, 'the errors must name the field that was refused: { "pointer": "#/isAdmin", … }')).toEqual(['#/isAdmin']);
    expect(saved, rng.tag('a sign-up that tries to set isAdmin must not reach the store at all')).toHaveLength(0);
  });

  it('answers 400 for malformed JSON, not 500, and stores nothing', async () => {
    const rng = seededRandom();
    const { url, saved } = await startApp();
    const raw = JSON.stringify(randomSignup(rng)).slice(0, -rng.int(1, 6));
    const res = await send(url, 'POST', '/signup', { headers: { 'content-type': 'application/json' }, body: raw });
    expectProblem(
      res,
      400,
      rng.tag('a body that is not valid JSON is the client\'s mistake: 400 Bad Request (RFC 9110, section 15.5.1); a 500 says the server is broken, and 422 says the fields are wrong, when they could not even be read'),
    );
    expect(saved, rng.tag('nothing may reach the store')).toHaveLength(0);
  });

  it('answers 415 with an Accept header for a content type it does not read', async () => {
    const rng = seededRandom();
    const { url, saved } = await startApp();
    const contentType = rng.pick(['text/plain', 'application/xml', 'text/csv']);
    const res = await send(url, 'POST', '/signup', { headers: { 'content-type': contentType }, body: JSON.stringify(randomSignup(rng)) });
    expectProblem(res, 415, rng.tag(`a body sent as ${contentType} is not one this endpoint reads: 415 Unsupported Media Type (RFC 9110, section 15.5.16)`));
    const accept = (res.headers.get('accept') ?? '').toLowerCase();
    for (const mediaType of ['application/json', 'application/x-www-form-urlencoded']) {
      expect(accept, explain(res, `a 415 should say what would work: an Accept header listing the media types this endpoint reads, ${mediaType} among them (RFC 9110, section 15.5.16)`)).toContain(mediaType);
    }
    expect(saved, rng.tag('nothing may reach the store')).toHaveLength(0);
  });

  it('answers 422 naming age when a form sends text that is not a number', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const form = toForm(randomSignup(rng));
    form.set('age', `${rng.word(3)}${rng.int(1, 9)}`);
    const res = await send(url, 'POST', '/signup', { headers: FORM, body: form.toString() });
    const problem = expectProblem(res, 422, rng.tag(`a form whose age is not a number was read fine, so: ${INVALID_IS_422}`));
    const pointers = Array.isArray(problem.errors) ? problem.errors.map((error) => asRecord(error).pointer) : [];
    expect(pointers, explain(res, 'the errors must name age, and only age: "#/age"')).toEqual(['#/age']);
  });

  it('serves /signup also when the request carries a query', async () => {
    const rng = seededRandom();
    const { url, saved } = await startApp();
    const path = `/signup?ref=${rng.word(6)}`;
    const res = await send(url, 'POST', path, { body: randomSignup(rng) });
    expect(res.status, explain(res, rng.tag('the query is not part of the path: /signup?ref=… is still /signup (RFC 3986, section 3.4), and a valid sign-up there is 201'))).toBe(201);
    expect(saved, rng.tag('the sign-up must reach the store')).toHaveLength(1);
  });

  it('answers 404 as problem details for a path it does not serve, whatever the method', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    for (const [method, path] of [['GET', `/${rng.word(6)}`], ['POST', '/users'], ['POST', `/signup/${rng.word(4)}`]] as const) {
      const res = await send(url, method, path, { body: method === 'POST' ? randomSignup(rng) : undefined });
      const problem = expectProblem(res, 404, rng.tag(`nothing is served at ${path}, whatever the method: 404 Not Found (RFC 9110, section 15.5.5); check the path before the method, or a GET to a path that does not exist is told to use POST`));
      expect(problem.title, explain(res, 'with type "about:blank", the title is the status\'s own phrase, "Not Found" (RFC 9457, section 4.2.1)')).toBe('Not Found');
    }
  });

  it('answers 405 with Allow: POST for another method on /signup', async () => {
    const { url } = await startApp();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await send(url, method, '/signup');
      expectProblem(res, 405, `/signup exists but does not take ${method}: 405 Method Not Allowed (RFC 9110, section 15.5.6)`);
      const allow = (res.headers.get('allow') ?? '').split(',').map((item) => item.trim().toUpperCase());
      expect(allow, explain(res, 'a 405 must carry an Allow header naming the methods the path does take, here POST (RFC 9110, section 15.5.6)')).toContain('POST');
    }
  });

  it('answers 500 as problem details without a stack trace when something throws', async () => {
    const rng = seededRandom();
    const secret = `connection to db-${rng.word(6)} refused`;
    const store: UserStore = {
      add: async () => {
        throw new Error(secret);
      },
    };
    // The error is logged, as it should be; the test keeps the log out of its output.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    onTestFinished(() => quiet.mockRestore());
    const { url } = await serve(createApp(store));
    const res = await send(url, 'POST', '/signup', { body: randomSignup(rng) });
    expectProblem(res, 500, rng.tag('a store that throws is the server\'s failure: 500 Internal Server Error, as problem details like every other refusal'));
    expect(res.text, explain(res, 'the 500 must not carry the error\'s message or stack trace: they belong in the server\'s log, and they tell an attacker about the inside of the server (OWASP Error Handling Cheat Sheet)')).not.toMatch(
      new RegExp(`${secret}|\\bat .*:\\d+:\\d+`),
    );
  });

  it('gives a 400 or 415 problem the type about:blank and the status phrase as title', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const broken = await send(url, 'POST', '/signup', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(randomSignup(rng)).slice(0, -1) });
    const unsupported = await send(url, 'POST', '/signup', { headers: { 'content-type': 'text/plain' }, body: JSON.stringify(randomSignup(rng)) });
    for (const [res, status, title] of [[broken, 400, 'Bad Request'], [unsupported, 415, 'Unsupported Media Type']] as const) {
      const problem = expectProblem(res, status, rng.tag(`this request must be answered ${status}`));
      expect(problem.type, explain(res, `a ${status} needs no type of its own: "about:blank" says the status code says it all (RFC 9457, section 4.2.1)`)).toBe('about:blank');
      expect(problem.title, explain(res, `with type "about:blank", the title must be the status's own phrase, "${title}", the same every time; what went wrong this time goes in "detail" (RFC 9457, sections 3.1.3 and 4.2.1)`)).toBe(title);
      expect(problem.detail, explain(res, '"detail" explains this occurrence to a person (RFC 9457, section 3.1.4)')).toEqual(expect.stringMatching(/\S/));
    }
  });

  it('sends an errors list with a 422 only', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const broken = await send(url, 'POST', '/signup', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(randomSignup(rng)).slice(0, -1) });
    const unsupported = await send(url, 'POST', '/signup', { headers: { 'content-type': 'text/csv' }, body: JSON.stringify(randomSignup(rng)) });
    for (const res of [broken, unsupported]) {
      expect(Object.keys(asRecord(jsonOf(res))), explain(res, rng.tag('"errors" lists invalid fields, and belongs to the 422 problem type; a 400 or 415 problem has type "about:blank", which has no extension members (RFC 9457, section 4.2.1)'))).not.toContain('errors');
    }
  });

  it('gives the 422 problem the type INVALID_FIELDS_TYPE', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const fromParser = await send(url, 'POST', '/signup', { body: { ...randomSignup(rng), isAdmin: true } });
    const fromValidator = await send(url, 'POST', '/signup', { body: brokenSignup(rng).input });
    for (const res of [fromParser, fromValidator]) {
      const problem = expectProblem(res, 422, rng.tag(INVALID_IS_422));
      expect(problem.type, explain(res, `the problem type of invalid fields is INVALID_FIELDS_TYPE (${INVALID_FIELDS_TYPE}): a type is a URI that names one kind of problem for good, so clients can rely on it (RFC 9457, section 3.1.1)`)).toBe(INVALID_FIELDS_TYPE);
    }
  });

  it('points at the whole body with "#" when the body is not an object', async () => {
    const { url } = await startApp();
    for (const body of ['[]', '"ada@example.com"', 'null']) {
      const res = await send(url, 'POST', '/signup', { headers: { 'content-type': 'application/json' }, body });
      expectProblem(res, 422, `${body} is JSON but not an object: ${INVALID_IS_422}`);
      expect(pointersOf(res), explain(res, 'the error is about the whole body (path ""), and the JSON Pointer to the whole document is "", so the fragment is "#" (RFC 6901, sections 5 and 6); "#/" points at a member named ""')).toEqual(['#']);
    }
  });

  it('escapes ~ and / inside a field name as ~0 and ~1 in the pointer', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const [a, b] = [rng.word(4), rng.word(4)];
    const res = await send(url, 'POST', '/signup', { body: { ...randomSignup(rng), [`${a}/${b}`]: 1, [`${b}~${a}`]: 2, '~1': 3 } });
    expectProblem(res, 422, rng.tag(INVALID_IS_422));
    expect(
      pointersOf(res).sort(),
      explain(res, rng.tag('in a JSON Pointer "/" separates names, so a "/" inside a name is written "~1", and "~" itself "~0"; escape "~" first, or "a/b" becomes "a~01b" (RFC 6901, sections 3 and 4)')),
    ).toEqual([`#/${a}~1${b}`, `#/${b}~0${a}`, '#/~01'].sort());
  });

  it('escapes every ~ and / in a field name, not only the first', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const [a, b] = [rng.word(4), rng.word(4)];
    const names = [`${a}~${b}~`, '~~', `${a}/${b}/${a}`, '//'];
    const res = await send(url, 'POST', '/signup', { body: { ...randomSignup(rng), ...Object.fromEntries(names.map((name) => [name, true])) } });
    expectProblem(res, 422, rng.tag(INVALID_IS_422));
    expect(
      pointersOf(res).sort(),
      explain(
        res,
        rng.tag(`each "~" in a name is written "~0" and each "/" is written "~1", however many there are (RFC 6901, section 3): "a~b~" is "#/a~0b~0", not "#/a~0b~", whose "~" followed by nothing is not a valid pointer. A string's replace with a string pattern replaces only the first match`),
      ),
    ).toEqual([`#/${a}~0${b}~0`, '#/~0~0', `#/${a}~1${b}~1${a}`, '#/~1~1'].sort());
  });

  it('percent-encodes #, [ and ] in a pointer: a URI fragment cannot hold them', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const word = rng.word(4);
    const names = [`${word}#${rng.word(3)}`, `[${rng.int(0, 9)}]`, `#${word}`, `${word}]`];
    const res = await send(url, 'POST', '/signup', { body: { ...randomSignup(rng), ...Object.fromEntries(names.map((name) => [name, true])) } });
    expectProblem(res, 422, rng.tag(INVALID_IS_422));
    const problem = asRecord(jsonOf(res));
    const raw = (Array.isArray(problem.errors) ? problem.errors.map(asRecord) : []).map((error) => String(error.pointer));
    const fragment = /^#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
    for (const pointer of raw) {
      expect(
        pointer,
        explain(res, rng.tag('a URI fragment may hold only letters, digits and -._~!$&\'()*+,;=:@/?, and "#", "[" and "]" are delimiters it cannot hold, so each is percent-encoded: "#" is "%23", "[" is "%5B", "]" is "%5D" (RFC 6901, section 6; RFC 3986, section 3.5). encodeURI leaves #, [ and ] as they are, because it encodes a whole URI, not one part of it')),
      ).toMatch(fragment);
    }
    expect(pointersOf(res).sort(), explain(res, rng.tag('once percent-decoded, each pointer must name its field'))).toEqual(names.map((name) => `#/${name}`).sort());
  });

  it('percent-encodes in a pointer what a URI fragment cannot hold', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    const names = ['c%d', 'e^f', 'g|h', 'i\\j', 'k"l', ' ', `${rng.word(3)} ${rng.word(3)}`, 'é'];
    const res = await send(url, 'POST', '/signup', { body: { ...randomSignup(rng), ...Object.fromEntries(names.map((name) => [name, true])) } });
    expectProblem(res, 422, rng.tag(INVALID_IS_422));
    const problem = asRecord(jsonOf(res));
    const raw = (Array.isArray(problem.errors) ? problem.errors.map(asRecord) : []).map((error) => String(error.pointer));
    const fragment = /^#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
    for (const pointer of raw) {
      expect(pointer, explain(res, rng.tag('a pointer in URI fragment form must percent-encode every character a fragment cannot hold, such as %, ^, |, \\, ", a space or é: "c%d" is "#/c%25d" (RFC 6901, section 6; RFC 3986, section 3.5)'))).toMatch(fragment);
    }
    expect(pointersOf(res).sort(), explain(res, rng.tag('once percent-decoded, each pointer must name its field'))).toEqual(names.map((name) => `#/${name}`).sort());
  });

  it('reads the body as UTF-8 and sends the new user back whole, non-ASCII letters included', async () => {
    const rng = seededRandom();
    const { url, saved } = await startApp();
    const input = { ...randomSignup(rng), name: `${rng.pick(['Zoë', 'Łucja', 'Søren', 'José', '李娜'])} ${rng.pick(['Brontë', 'Nowak', 'Ødegård', '王', 'Müller'])} ${rng.pick(['🎹', '🌍', '🍀'])}` };
    const res = await send(url, 'POST', '/signup', { body: input });
    expect(res.status, explain(res, rng.tag('a valid sign-up is 201'))).toBe(201);
    expect(saved[0]?.name, rng.tag(`the body is UTF-8 (RFC 8259, section 8.1): read as anything else, ${show(input.name)} reaches the store garbled; got ${show(saved[0]?.name)}`)).toBe(input.name);
    expect(
      asRecord(jsonOf(res)).name,
      explain(res, rng.tag(`the answer must carry ${show(input.name)} whole: Content-Length counts bytes, and a non-ASCII letter is more than one byte in UTF-8, so a length in characters cuts the body short (RFC 9110, section 8.6)`)),
    ).toBe(input.name);
  });

  it('decodes a character whose bytes arrive in two separate reads', async () => {
    const rng = seededRandom();
    const store: UserStore = { add: async () => randomUUID() };
    const { url, server } = await serve(createApp(store));
    const accepted: Socket[] = [];
    server.on('connection', (socket: Socket) => accepted.push(socket));
    const name = `${rng.word(3)}€${rng.pick(['→', '✓', 'ü'])}`;
    const body = Buffer.from(JSON.stringify({ ...randomSignup(rng), [name]: true }), 'utf8');
    // The cut falls between the first and second of the three bytes of "€".
    const cut = body.indexOf(Buffer.from('€', 'utf8')) + 1;
    const sent = request(`${url}/signup`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) } });
    const answered = new Promise<IncomingMessage>((resolve, reject) => sent.on('response', resolve).on('error', reject));
    await new Promise<void>((resolve) => sent.write(body.subarray(0, cut), () => resolve()));
    // Only once the server has read everything up to the cut, and its handler has had
    // turns of the event loop to take that piece, does the rest go: two reads, always.
    const upToCut = sent.socket?.bytesWritten ?? 0;
    for (let turn = 0; turn < 10_000 && (accepted[0]?.bytesRead ?? 0) < upToCut; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    sent.end(body.subarray(cut));
    const res = await answered;
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const problem = (() => {
      try {
        return asRecord(JSON.parse(text));
      } catch {
        return {};
      }
    })();
    const pointers = (Array.isArray(problem.errors) ? problem.errors.map(asRecord) : []).map((error) => safeDecode(String(error.pointer)));
    expect(
      pointers,
      rng.tag(`the body arrived in two reads, the first ending inside the three bytes of "€", and the unknown field ${show(name)} must be named exactly as sent: decode the whole body once, after the last piece (Buffer.concat(chunks).toString("utf8")); each piece decoded alone turns the split character into U+FFFD (the WHATWG Encoding Standard's decoder, which Node follows). Status ${res.statusCode}, body: ${text.slice(0, 300)}`),
    ).toEqual([`#/${name}`]);
  });

  it('reads a large body as one UTF-8 text, even where a character is split between two network reads', async () => {
    const rng = seededRandom();
    const { url } = await startApp();
    // About 300 kB of three-byte characters: the server reads it in several pieces, and
    // some piece ends inside a character.
    const name = Array.from({ length: 100_000 }, () => rng.pick(['€', '→', '✓'])).join('');
    const res = await send(url, 'POST', '/signup', { body: { ...randomSignup(rng), [name]: true } });
    expectProblem(res, 422, rng.tag(INVALID_IS_422));
    const pointers = pointersOf(res);
    expect(
      pointers.length === 1 && pointers[0] === `#/${name}`,
      explain(res, rng.tag('the unknown field must be named exactly as sent: decode the whole body once, after the last piece (Buffer.concat(chunks).toString("utf8")); a character whose bytes arrive in two pieces is garbled when each piece is decoded alone')),
    ).toBe(true);
  });
});
