import { compileErrors, validate } from '@readme/openapi-parser';
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { explain, jsonOf, send, serve, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { within } from '../../../runner/kit/time.js';
import { createApp } from '../src/app.js';
import { createOpenApiDocument, type OpenApiDocument } from '../src/openapi.js';
import { escape, loadContract, type Contract } from './support/contract.js';
import { controlledDependency } from './support/dependency.js';

/** What the service in src/app.ts answers (src/notes.ts and your health routes). */
const OPERATIONS = ['GET /healthz', 'GET /readyz', 'GET /notes', 'POST /notes', 'GET /notes/{noteId}'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

async function start(database = controlledDependency('database'), readinessTimeoutMs = 1000) {
  const { url } = await serve(createApp({ dependencies: [database], readinessTimeoutMs }));
  return url;
}

let loaded: Contract | undefined;

/** The document as a contract, compiled once for the file (ajv compiles schemas on first use). */
function contract(): { contract: Contract } {
  loaded ??= loadContract(createOpenApiDocument());
  return { contract: loaded };
}

/** Fails with every mismatch between the answer and the document, and the exchange. */
function expectMatch(rng: Random, c: Contract, res: Exchange, method: string, template: string): void {
  const problems = c.check(res, method, template);
  const why = `${method} ${template} answered ${res.status}, and the document must describe that answer exactly: front-end clients and types are generated from it, so a difference here is a bug in the front end later. Fix the document in src/openapi.ts:\n  - ${problems.join('\n  - ')}`;
  expect(problems, explain(res, rng.tag(why))).toEqual([]);
}

function operationsOf(document: OpenApiDocument): { name: string; operationId: unknown }[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, unknown>)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operationId: (operation as { operationId?: unknown }).operationId })),
  );
}

async function createNote(rng: Random, url: string): Promise<Exchange> {
  return send(url, 'POST', '/notes', { body: { title: `${rng.word(5)} ${rng.word(7)}`, body: rng.word(30) } });
}

/**
 * A note the server created, and a validator for the schema the document declares for the
 * 200 answer of GET `path`; undefined, after a failed expectation, when it declares none.
 */
async function answerSchema(rng: Random, path: '/notes' | '/notes/{noteId}'): Promise<{ note: Record<string, unknown>; validate: (value: unknown) => string } | undefined> {
  const url = await start();
  const note = jsonOf(await createNote(rng, url)) as Record<string, unknown>;
  const c = contract().contract;
  const declared = c.response('GET', path, 200);
  expect(declared, rng.tag(`the document must declare the 200 answer of GET ${path}`)).not.toBeTypeOf('string');
  if (typeof declared === 'string') return undefined;
  const pointer = `${declared.pointer}/content/${escape('application/json')}/schema`;
  return { note, validate: (value) => c.validate(pointer, value) };
}

describe('task 4: an OpenAPI 3.1 document the responses match', () => {
  it('is accepted by @readme/openapi-parser, a well-known OpenAPI validator', async () => {
    const document = createOpenApiDocument();
    let verdict: string;
    try {
      // The parser changes the object it is given: it gets a copy.
      const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
      verdict = result.valid ? '' : compileErrors(result);
    } catch (error) {
      verdict = `the validator could not read the document: ${(error as Error).message}`;
    }
    expect(verdict, `the OpenAPI validator refused the document; code generators and API gateways stop at such errors, so the front end gets nothing from it (OpenAPI 3.1: path templating needs each {parameter} declared with in: "path" and required: true; operationId is unique across the document):\n${verdict}`).toBe('');
  });

  it('declares OpenAPI 3.1, whose schemas are JSON Schema 2020-12', () => {
    const { openapi } = createOpenApiDocument();
    expect(openapi, 'the "openapi" field must be a 3.1 version such as "3.1.0": 3.0 uses its own schema dialect (nullable, no type arrays), and the responses here are checked as JSON Schema 2020-12').toMatch(/^3\.1\.\d+$/);
  });

  it('describes exactly the operations the service answers', () => {
    const documented = operationsOf(createOpenApiDocument()).map(({ name }) => name).sort();
    const missing = OPERATIONS.filter((name) => !documented.includes(name));
    const extra = documented.filter((name) => !OPERATIONS.includes(name));
    expect({ missing, extra }, `the document's paths must list the service's operations (${OPERATIONS.join(', ')}): a missing one cannot be called from a generated client, an extra one promises a route that answers 404. Paths use {name} templates, e.g. /notes/{noteId}, not :noteId. Documented: ${documented.join(', ') || 'none'}`).toEqual({ missing: [], extra: [] });
  });

  it('gives every operation its own operationId', () => {
    const operations = operationsOf(createOpenApiDocument());
    const missing = operations.filter(({ operationId }) => typeof operationId !== 'string' || operationId === '').map(({ name }) => name);
    expect(missing, `every operation needs an operationId: generated clients name their functions after it (OpenAPI 3.1, Operation Object). Missing on: ${missing.join(', ')}`).toEqual([]);
    const seen = new Map<unknown, string>();
    for (const { name, operationId } of operations) {
      expect(seen.get(operationId), `operationId "${String(operationId)}" is used by ${seen.get(operationId)} and ${name}: it must be unique in the whole document (OpenAPI 3.1, Operation Object), or two generated functions get the same name`).toBeUndefined();
      seen.set(operationId, name);
    }
  });

  it('GET /notes: the 200 body matches the documented schema', async () => {
    const rng = seededRandom();
    const url = await start();
    for (let i = rng.int(1, 3); i > 0; i -= 1) await createNote(rng, url);
    const res = await send(url, 'GET', '/notes');
    expectMatch(rng, contract().contract, res, 'GET', '/notes');
  });

  it('POST /notes: the 201 body matches the documented schema, and its Location header is documented', async () => {
    const rng = seededRandom();
    const url = await start();
    const res = await createNote(rng, url);
    const c = contract().contract;
    expectMatch(rng, c, res, 'POST', '/notes');
    const declared = c.response('POST', '/notes', 201);
    const headers = typeof declared === 'string' ? {} : ((declared.value.headers ?? {}) as Record<string, unknown>);
    expect(Object.keys(headers).map((name) => name.toLowerCase()), explain(res, rng.tag('the 201 answer carries Location (where the new note lives); declare it under responses["201"].headers so the front end knows to read it (OpenAPI 3.1, Response Object)'))).toContain('location');
  });

  it('GET /notes/{noteId}: the 200 body matches the documented schema', async () => {
    const rng = seededRandom();
    const url = await start();
    const created = jsonOf(await createNote(rng, url)) as { id: string };
    const res = await send(url, 'GET', `/notes/${created.id}`);
    expectMatch(rng, contract().contract, res, 'GET', '/notes/{noteId}');
  });

  it('GET /notes/{noteId}: the 404 for an unknown id matches the documented problem details', async () => {
    const rng = seededRandom();
    const url = await start();
    const res = await send(url, 'GET', `/notes/${rng.word(12)}`);
    expectMatch(rng, contract().contract, res, 'GET', '/notes/{noteId}');
  });

  it('POST /notes: every error answer (400, 413, 415, 422) matches the schema its status declares', async () => {
    const rng = seededRandom();
    const url = await start();
    const c = contract().contract;
    const answers = [
      await send(url, 'POST', '/notes', { headers: { 'content-type': 'application/json' }, body: `{"title": "${rng.word(5)}"` }),
      await send(url, 'POST', '/notes', { body: { title: rng.word(5), body: 'x'.repeat(20_000) } }),
      await send(url, 'POST', '/notes', { headers: { 'content-type': 'text/plain' }, body: rng.word(10) }),
      await send(url, 'POST', '/notes', { body: { title: '', [rng.word(6)]: true } }),
    ];
    expect(answers.map((res) => res.status), rng.tag('the given notes routes answer 400, 413, 415 and 422 to these four requests')).toEqual([400, 413, 415, 422]);
    for (const res of answers) expectMatch(rng, c, res, 'POST', '/notes');
  });

  it('GET /healthz and GET /readyz: their 200 and 503 bodies match the documented schemas', async () => {
    const rng = seededRandom();
    const database = controlledDependency('database');
    const url = await start(database);
    const c = contract().contract;
    const live = await send(url, 'GET', '/healthz');
    expect(live.status, explain(live, rng.tag('GET /healthz is your task 3 code, and it must answer 200 before its answer can be compared with the document'))).toBe(200);
    expectMatch(rng, c, live, 'GET', '/healthz');
    const ready = await send(url, 'GET', '/readyz');
    expect(ready.status, explain(ready, rng.tag('GET /readyz is your task 3 code; with the database up it must answer 200 before its answer can be compared with the document'))).toBe(200);
    expectMatch(rng, c, ready, 'GET', '/readyz');
    database.down('connection refused');
    const down = await send(url, 'GET', '/readyz');
    expect(down.status, explain(down, rng.tag('with the database down, GET /readyz answers 503 (task 3)'))).toBe(503);
    expectMatch(rng, c, down, 'GET', '/readyz');
  });

  it('POST /notes: a note created without a body, which the server sends with body "", matches the documented schema', async () => {
    const rng = seededRandom();
    const url = await start();
    const res = await send(url, 'POST', '/notes', { body: { title: `${rng.word(5)} ${rng.word(6)}` } });
    expect(res.status, explain(res, rng.tag('the given notes routes create a note from a title alone'))).toBe(201);
    expectMatch(rng, contract().contract, res, 'POST', '/notes');
  });

  it('POST /notes: a note whose title has the largest allowed length, 200 characters, matches the documented schema', async () => {
    const rng = seededRandom();
    const url = await start();
    // Non-ASCII letters: 200 characters are more than 200 bytes, and JSON Schema's maxLength counts characters.
    const title = Array.from({ length: 200 }, () => rng.pick([...'abcdéüøñ'])).join('');
    const res = await send(url, 'POST', '/notes', { body: { title, body: rng.word(20) } });
    expect(res.status, explain(res, rng.tag('the given notes routes accept a title of 1 to 200 characters'))).toBe(201);
    expectMatch(rng, contract().contract, res, 'POST', '/notes');
  });

  it('GET /readyz: the 503 body of a check that timed out matches the documented schema', async () => {
    const rng = seededRandom();
    const database = controlledDependency('database');
    const timeoutMs = rng.int(200, 5000);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const url = await start(database, timeoutMs);
      database.hang();
      const pending = send(url, 'GET', '/readyz');
      pending.catch(() => undefined);
      await within(database.nextCall(), 2500, rng.tag('GET /readyz (your task 3 code) never called the dependency\'s check(signal)'));
      await vi.advanceTimersByTimeAsync(timeoutMs);
      const res = await within(pending, 2500, rng.tag(`GET /readyz had not answered once its timeout of ${timeoutMs} ms was over (task 3)`));
      expect(res.status, explain(res, rng.tag('with the database hanging, GET /readyz answers 503 once the timeout is over (task 3)'))).toBe(503);
      expectMatch(rng, contract().contract, res, 'GET', '/readyz');
    } finally {
      vi.useRealTimers();
    }
  });

  it('GET /notes: the list answer\'s schema refuses a wrong note among its items', async () => {
    const rng = seededRandom();
    const schema = await answerSchema(rng, '/notes');
    if (!schema) return;
    const { note } = schema;
    const wrong = { items: [note, { ...note, id: rng.int(1, 10_000) }] };
    expect(schema.validate(wrong), rng.tag(`a list whose second item has the number ${wrong.items[1]?.id as number} as its id passed the documented list schema: "items" is an array of Note (README, task 4 table: {"items": [Note, …]}), so refer to the Note schema with items: { $ref: '#/components/schemas/Note' } (JSON Schema 2020-12, "items")`)).not.toBe('');
  });

  it('gives every property of a note its type: a note with any field of the wrong type fails its schema', async () => {
    const rng = seededRandom();
    const schema = await answerSchema(rng, '/notes/{noteId}');
    if (!schema) return;
    const { note } = schema;
    // Every field in turn, not one drawn at random: a property without its type must fail on every seed.
    for (const field of Object.keys(note)) {
      const wrong = { ...note, [field]: rng.int(1, 10_000) };
      expect(schema.validate(wrong), rng.tag(`a note whose ${field} is the number ${String(wrong[field])} passed the documented note schema: every property has its type (README, task 4), here type: 'string', or generated types say "any" and a wrong answer goes unnoticed`)).not.toBe('');
    }
  });

  it('describes the formats of a note: id is a UUID and createdAt an RFC 3339 date-time', async () => {
    const rng = seededRandom();
    const schema = await answerSchema(rng, '/notes/{noteId}');
    if (!schema) return;
    const { note } = schema;
    const wrongs: [string, Record<string, unknown>, string][] = [
      ['id', { ...note, id: `note-${rng.word(8)}` }, "id is a UUID (RFC 9562): format: 'uuid'"],
      ['createdAt', { ...note, createdAt: rng.pick(['yesterday', '2024-13-45', `${rng.int(1, 28)}/02/2024`]) }, "createdAt is an RFC 3339 date-time: format: 'date-time'"],
    ];
    for (const [field, wrong, rule] of wrongs) {
      expect(schema.validate(wrong), rng.tag(`a note whose ${field} is ${JSON.stringify(wrong[field])} passed the documented note schema: ${rule} (README, task 4; JSON Schema 2020-12, "Vocabularies for Semantic Content With format"), so clients can parse it as one`)).not.toBe('');
    }
  });

  it('describes the lengths of a note: a title of 0 or 201 characters and a body of 10,001 fail its schema', async () => {
    const rng = seededRandom();
    const schema = await answerSchema(rng, '/notes/{noteId}');
    if (!schema) return;
    const { note } = schema;
    const wrongs: [string, Record<string, unknown>][] = [
      ['an empty title', { ...note, title: '' }],
      ['a title of 201 characters', { ...note, title: 'é'.repeat(201) }],
      ['a body of 10,001 characters', { ...note, body: 'x'.repeat(10_001) }],
    ];
    for (const [what, wrong] of wrongs) {
      expect(schema.validate(wrong), rng.tag(`a note with ${what} passed the documented note schema: title is 1 to 200 characters and body up to 10,000 (README, task 4), so the schema says minLength: 1 and maxLength: 200 for title, maxLength: 10000 for body (JSON Schema 2020-12 counts characters)`)).not.toBe('');
    }
  });

  it('uses no OpenAPI 3.0 schema keyword: nullable is not JSON Schema 2020-12', () => {
    const found: string[] = [];
    const walk = (node: unknown, path: string, parent: string): void => {
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        // Under "properties" a key is a property's name, which may be anything.
        if (key === 'nullable' && parent !== 'properties') found.push(`${path}/nullable`);
        walk(value, `${path}/${escape(key)}`, key);
      }
    };
    walk(createOpenApiDocument(), '#', '');
    expect(found, `OpenAPI 3.1 schemas are JSON Schema 2020-12, which has no "nullable": validators and generators for 3.1 ignore it, so the document says nothing about null. Write type: ['string', 'null'] where null is allowed (OpenAPI 3.1.0, Schema Object; README, task 4). Found at: ${found.join(', ')}`).toEqual([]);
  });

  it('describes a note strictly enough that a wrong note fails its schema', async () => {
    const rng = seededRandom();
    const schema = await answerSchema(rng, '/notes/{noteId}');
    if (!schema) return;
    const { note } = schema;
    // Every field in turn, not one drawn at random: a schema missing one "required" must fail on every seed.
    for (const dropped of Object.keys(note)) {
      const { [dropped]: _gone, ...withoutField } = note;
      expect(schema.validate(withoutField), rng.tag(`a note without "${dropped}" passed the documented note schema: the server always sends id, title, body and createdAt, so list them under "required", or generated types make every field optional: ${inspect(withoutField)}`)).not.toBe('');
    }
    const wrongType = { ...note, id: rng.int(1, 10_000) };
    expect(schema.validate(wrongType), rng.tag(`a note whose id is the number ${wrongType.id} passed the documented note schema: give each property its type (id is a string, a UUID)`)).not.toBe('');
  });
});
