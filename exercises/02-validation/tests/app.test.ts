import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { explain, jsonOf, send, serve, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createApp, type UserStore } from '../src/app.js';
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
});
