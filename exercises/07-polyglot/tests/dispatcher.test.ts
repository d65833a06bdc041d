import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { createDispatcher, RpcError, type Handler, type Methods } from '../src/dispatcher.js';
import { comparable, SPEC_SECTION, specExample, specMethods, transcript } from './support/spec-examples.js';
import { thrownAt } from '../../../runner/kit/where.js';

const quiet = { onInternalError: () => undefined };

function dispatcher(extra: Methods = {}): Handler {
  return createDispatcher({ ...specMethods(), ...extra }, quiet);
}

/** Why, then the exchange the spec expects, then what came back. */
function because(why: string, request: string, expected: string | undefined, got: string | undefined): string {
  return `${why}\n${transcript(request, expected)}  (expected)\n  your answer: ${got === undefined ? '(nothing)' : got}`;
}

/** The answer as parsed JSON; fails with `why` when there is no answer or it is not JSON. */
function parsed(got: string | undefined, request: string, expected = '…', why = 'this request must get an answer, the text of one JSON value'): unknown {
  expect(got, because(why, request, expected, got)).toBeTypeOf('string');
  try {
    return JSON.parse(got as string);
  } catch {
    throw new Error(because('the answer must be valid JSON', request, expected, got));
  }
}

/** Runs one of the spec's examples and compares the answer as parsed JSON (batches in any order). */
async function checkExample(title: string, handle: Handler = dispatcher()): Promise<void> {
  const example = specExample(title);
  const got = await handle(example.request);
  const why = `the spec's example "${example.title}" (${SPEC_SECTION})`;
  if (example.answer === undefined) {
    expect(got, because(`${why}: a notification gets no answer at all, not even an empty one (section 4.1)`, example.request, undefined, got)).toBeUndefined();
    return;
  }
  const expected = JSON.parse(example.answer) as unknown;
  expect(comparable(parsed(got, example.request, example.answer, why)), because(why, example.request, example.answer, got)).toEqual(comparable(expected));
}

/** Sends one request object and returns the parsed answer. */
async function ask(handle: Handler, request: unknown): Promise<{ text: string; answer: Record<string, unknown> }> {
  const text = JSON.stringify(request);
  const got = await handle(text);
  return { text, answer: parsed(got, text) as Record<string, unknown> };
}

function errorCodeOf(answer: Record<string, unknown>): unknown {
  return (answer.error as { code?: unknown } | undefined)?.code;
}

describe('task 1: answer JSON-RPC requests', () => {
  it("answers the spec's calls with positional parameters", async () => {
    await checkExample('rpc call with positional parameters (1)');
    await checkExample('rpc call with positional parameters (2)');
  });

  it("answers the spec's calls with named parameters, in any order of the names", async () => {
    await checkExample('rpc call with named parameters (1)');
    await checkExample('rpc call with named parameters (2)');
  });

  it('answers a call of a method that does not exist with -32601 Method not found', async () => {
    await checkExample('rpc call of non-existent method');
  });

  it('answers text that is not JSON with -32700 Parse error and a null id', async () => {
    await checkExample('rpc call with invalid JSON');
  });

  it('answers an invalid Request object with -32600 and a null id, although it has no id', async () => {
    await checkExample('rpc call with invalid Request object');
  });

  it('answers -32600 Invalid Request for each malformed Request object', async () => {
    const handle = dispatcher();
    const malformed: Array<[string, unknown]> = [
      ['"jsonrpc" is missing', { method: 'sum', params: [1], id: 1 }],
      ['"jsonrpc" is not exactly "2.0"', { jsonrpc: '1.0', method: 'sum', params: [1], id: 1 }],
      ['"jsonrpc" is the number 2.0, not the string', { jsonrpc: 2.0, method: 'sum', params: [1], id: 1 }],
      ['"method" is missing', { jsonrpc: '2.0', params: [1], id: 1 }],
      ['"method" is not a string', { jsonrpc: '2.0', method: ['sum'], id: 1 }],
      ['"params" is neither an array nor an object', { jsonrpc: '2.0', method: 'sum', params: 7, id: 1 }],
      ['"params" is null', { jsonrpc: '2.0', method: 'sum', params: null, id: 1 }],
      ['"id" is an object', { jsonrpc: '2.0', method: 'sum', params: [1], id: { n: 1 } }],
      ['"id" is a boolean', { jsonrpc: '2.0', method: 'sum', params: [1], id: true }],
      ['the request is a string', 'sum'],
      ['the request is null', null],
    ];
    for (const [what, request] of malformed) {
      const { text, answer } = await ask(handle, request);
      expect(errorCodeOf(answer), because(`${what}: the Request object is invalid, so the answer is -32600 (sections 4 and 5.1)`, text, '{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":…}', JSON.stringify(answer))).toBe(-32600);
      expect((answer.error as { message?: unknown }).message, `the message for -32600 is "Invalid Request" (section 5.1), for: ${text}`).toBe('Invalid Request');
    }
  });

  it('answers an invalid Request object with its own id when that id is valid, and with null when it is not', async () => {
    const handle = dispatcher();
    const cases: Array<[string, unknown, unknown]> = [
      ['"jsonrpc" is "1.0", the id 5 is valid', { jsonrpc: '1.0', method: 'sum', params: [1], id: 5 }, 5],
      ['"method" is missing, the id "a-1" is valid', { jsonrpc: '2.0', params: [1], id: 'a-1' }, 'a-1'],
      ['"params" is a string, the id 0 is valid', { jsonrpc: '2.0', method: 'sum', params: 'bar', id: 0 }, 0],
      ['the id is an object, so it cannot be echoed', { jsonrpc: '2.0', method: 'sum', params: [1], id: { n: 1 } }, null],
      ['the id is a boolean, so it cannot be echoed', { jsonrpc: '2.0', method: 'sum', params: [1], id: true }, null],
      ['the id is an array, so it cannot be echoed', { jsonrpc: '2.0', method: 'sum', params: [1], id: [1] }, null],
    ];
    for (const [what, request, id] of cases) {
      const { text, answer } = await ask(handle, request);
      const expected = `{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":${JSON.stringify(id)}}`;
      expect(errorCodeOf(answer), because(`${what}: the Request object is invalid (-32600, section 5.1)`, text, expected, JSON.stringify(answer))).toBe(-32600);
      expect(answer.id, because(`${what}: an error answer carries the request's id when it can be read, and null only when it cannot (section 5: "If there was an error in detecting the id ... it MUST be Null"); an id that is not a string, number or null is not one`, text, expected, JSON.stringify(answer))).toStrictEqual(id);
    }
  });

  it('answers -32602 Invalid params when positional params are too few or too many', async () => {
    const handle = dispatcher();
    for (const params of [[42], [], [42, 23, 1]]) {
      const { text, answer } = await ask(handle, { jsonrpc: '2.0', method: 'subtract', params, id: 7 });
      const why = `subtract takes exactly two params: ${params.length} is the caller's mistake, -32602 Invalid params (section 5.1), not -32600 (the Request object itself is fine) nor -32601 (the method exists)`;
      expect(errorCodeOf(answer), because(why, text, '{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params"},"id":7}', JSON.stringify(answer))).toBe(-32602);
      expect(answer.id, `an Invalid params answer still carries the request's id (section 5), for: ${text}`).toBe(7);
    }
  });

  it('answers -32602 when a method with rest params gets fewer positional params than it declares', async () => {
    const handle = dispatcher({ log: { params: ['level'], rest: true, run: (level: string, ...parts: unknown[]) => `${level}: ${parts.join(' ')}` } });
    for (const params of [['info'], ['info', 'a', 'b']]) {
      const { text, answer } = await ask(handle, { jsonrpc: '2.0', method: 'log', params, id: 9 });
      expect(answer.result, because('log declares one param, "level", and takes any number more (rest): this call has enough', text, '{"jsonrpc":"2.0","result":…,"id":9}', JSON.stringify(answer))).toBeTypeOf('string');
    }
    const { text, answer } = await ask(handle, { jsonrpc: '2.0', method: 'log', params: [], id: 9 });
    expect(errorCodeOf(answer), because('rest lets a method take more positional params than it declares, never fewer: "level" is missing, -32602 Invalid params (section 5.1)', text, '{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params"},"id":9}', JSON.stringify(answer))).toBe(-32602);
  });

  it('answers -32602 Invalid params when a named param is missing or unknown', async () => {
    const handle = dispatcher();
    const cases: Array<[string, Record<string, number>]> = [
      ['"subtrahend" is missing', { minuend: 42 }],
      ['"subtrahnd" is not a param of subtract (a typo)', { minuend: 42, subtrahnd: 23 }],
      ['both declared names are there, but "scale" is not a param of subtract (an extra name)', { minuend: 42, subtrahend: 23, scale: 2 }],
    ];
    for (const [what, params] of cases) {
      const { text, answer } = await ask(handle, { jsonrpc: '2.0', method: 'subtract', params, id: 8 });
      expect(errorCodeOf(answer), because(`${what}: named params must match the method's names, else -32602 (sections 4.2 and 5.1)`, text, '{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params"},"id":8}', JSON.stringify(answer))).toBe(-32602);
    }
  });

  it('answers -32601 for names every object inherits (constructor, toString, __proto__)', async () => {
    const handle = dispatcher();
    for (const method of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const { text, answer } = await ask(handle, { jsonrpc: '2.0', method, id: 9 });
      const why = `"${method}" is not one of the methods you were given, but every JavaScript object has it: look methods up with Object.hasOwn, or a caller can reach what you never meant to expose`;
      expect(errorCodeOf(answer), because(why, text, '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":9}', JSON.stringify(answer))).toBe(-32601);
    }
  });

  it('answers with the id exactly as sent, string or number, never converted', async () => {
    const rng = seededRandom();
    const handle = dispatcher();
    const ids: Array<string | number> = ['1', '007', 'ü-😀', String(rng.int(1, 1e9))];
    for (let i = 0; i < 12; i++) ids.push(rng.pick([rng.int(-1e9, 1e9), rng.word(rng.int(1, 12)), String(rng.int(0, 999)), rng.int(0, 2 ** 51) * 2 + 1]));
    for (const id of ids) {
      const { text, answer } = await ask(handle, { jsonrpc: '2.0', method: 'subtract', params: [5, 3], id });
      expect(answer.id, rng.tag(because('the answer carries the same id, of the same type: the caller matches answers to calls by it (section 5)', text, `{"jsonrpc":"2.0","result":2,"id":${JSON.stringify(id)}}`, JSON.stringify(answer)))).toStrictEqual(id);
    }
  });

  it('answers the ids 0 and "" as sent, on success and on error, never as null', async () => {
    const handle = dispatcher();
    for (const id of [0, '']) {
      for (const [kind, params, member] of [['a success', [5, 3], 'result'], ['an error', [5], 'error']] as const) {
        const { text, answer } = await ask(handle, { jsonrpc: '2.0', method: 'subtract', params, id });
        expect(member in answer, because(`${kind} was due for this call`, text, `{"jsonrpc":"2.0","${member}":…,"id":${JSON.stringify(id)}}`, JSON.stringify(answer))).toBe(true);
        expect(answer.id, because(`${JSON.stringify(id)} is a valid id (a number, a string): ${kind} carries it exactly as sent (section 5) — \`id || null\` turns it into null and the caller can no longer match the answer`, text, `{"jsonrpc":"2.0","${member}":…,"id":${JSON.stringify(id)}}`, JSON.stringify(answer))).toStrictEqual(id);
      }
    }
  });

  it('treats "id": null as a call, not a notification, and answers it with "id": null', async () => {
    const text = '{"jsonrpc": "2.0", "method": "subtract", "params": [5, 3], "id": null}';
    const got = await dispatcher()(text);
    const why = 'only a request WITHOUT an id member is a notification; "id": null is present (the spec discourages it but it is a call) (section 4.1)';
    const expected = '{"jsonrpc":"2.0","result":2,"id":null}';
    expect(parsed(got, text, expected, why), because(why, text, expected, got)).toEqual({ jsonrpc: '2.0', result: 2, id: null });
  });

  it('answers "result": null when the method returns nothing, since result is required on success', async () => {
    const text = '{"jsonrpc": "2.0", "method": "update", "params": [1], "id": 10}';
    const got = await dispatcher()(text);
    const answer = parsed(got, text) as Record<string, unknown>;
    const why = 'a successful answer MUST have a "result" member (section 5); JSON.stringify drops a property whose value is undefined, so write null';
    expect('result' in answer && answer.result === null, because(why, text, '{"jsonrpc":"2.0","result":null,"id":10}', got)).toBe(true);
  });

  it('answers a result of 0, false, "" or [] as it is, not as null', async () => {
    const handle = dispatcher({ identity: { params: ['value'], run: (value: unknown) => value } });
    for (const value of [0, false, '', []]) {
      const text = JSON.stringify({ jsonrpc: '2.0', method: 'identity', params: [value], id: 15 });
      const expected = { jsonrpc: '2.0', result: value, id: 15 };
      const got = await handle(text);
      expect(parsed(got, text), because(`the method returned ${JSON.stringify(value)}, which is a result like any other (section 5); only a method that returns nothing answers null — \`result || null\` loses every falsy value`, text, JSON.stringify(expected), got)).toEqual(expected);
    }
  });

  it('waits for a method that returns a promise and answers with its value', async () => {
    const handle = dispatcher({ lookup: { params: ['key'], run: async (key: string) => ({ key, found: true }) } });
    const text = '{"jsonrpc": "2.0", "method": "lookup", "params": {"key": "k1"}, "id": 11}';
    const got = await handle(text);
    expect(parsed(got, text), because('await the method: a Promise written as JSON is {}', text, '{"jsonrpc":"2.0","result":{"key":"k1","found":true},"id":11}', got)).toEqual({ jsonrpc: '2.0', result: { key: 'k1', found: true }, id: 11 });
  });

  it("passes an RpcError thrown by a method through, with its code, message and data", async () => {
    const handle = dispatcher({
      reserve: {
        params: ['sku'],
        run: () => {
          throw new RpcError(-32010, 'Out of stock', { sku: 'A-1', available: 0 });
        },
      },
    });
    const text = '{"jsonrpc": "2.0", "method": "reserve", "params": ["A-1"], "id": 12}';
    const got = await handle(text);
    const expected = { jsonrpc: '2.0', error: { code: -32010, message: 'Out of stock', data: { sku: 'A-1', available: 0 } }, id: 12 };
    expect(parsed(got, text), because('a method reports its own errors with its own code, message and data (section 5.1)', text, JSON.stringify(expected), got)).toEqual(expected);
  });

  it('answers -32603 Internal error for an unexpected exception, without its text, and reports it to onInternalError', async () => {
    const reported: unknown[] = [];
    const handle = createDispatcher(
      {
        balance: {
          params: [],
          run: () => {
            throw new Error('connect ECONNREFUSED postgres://admin:hunter2@10.0.0.5/bank');
          },
        },
      },
      { onInternalError: (error) => reported.push(error) },
    );
    const text = '{"jsonrpc": "2.0", "method": "balance", "id": 13}';
    const got = await handle(text);
    const answer = parsed(got, text) as Record<string, unknown>;
    expect(errorCodeOf(answer), because('an exception that is not an RpcError is the server\'s fault: -32603 Internal error (section 5.1)', text, '{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":13}', got)).toBe(-32603);
    expect(got, because('the exception\'s text can hold passwords and hosts: it must not reach the caller (OWASP ASVS V7.4.1)', text, '{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":13}', got)).not.toMatch(/hunter2|ECONNREFUSED/);
    expect(reported, 'the hidden exception must reach onInternalError (the operator\'s log), or nobody ever learns of it').toHaveLength(1);
  });

  it('answers -32603 for an exception that has a code of its own (a Node system error), without its text', async () => {
    const reported: unknown[] = [];
    const handle = createDispatcher(
      {
        readConfig: {
          params: [],
          run: () => {
            throw Object.assign(new Error("ENOENT: no such file or directory, open '/srv/bank/secrets.env'"), { code: 'ENOENT', errno: -2 });
          },
        },
      },
      { onInternalError: (error) => reported.push(error) },
    );
    const text = '{"jsonrpc": "2.0", "method": "readConfig", "id": 16}';
    const got = await handle(text);
    const expected = '{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":16}';
    const answer = parsed(got, text, expected) as Record<string, unknown>;
    expect(errorCodeOf(answer), because('only an RpcError chooses its own code: a Node error with code "ENOENT" is an unexpected exception, the server\'s fault, -32603 Internal error (section 5.1) — test `instanceof RpcError`, not whether the error has a code', text, expected, got)).toBe(-32603);
    expect(got, because('the exception\'s text names files and hosts: it must not reach the caller (OWASP ASVS V7.4.1)', text, expected, got)).not.toMatch(/ENOENT|secrets/);
    expect(reported, 'the hidden exception must reach onInternalError (the operator\'s log)').toHaveLength(1);
  });

  it('answers -32603 instead of failing when a result cannot be written as JSON (a BigInt)', async () => {
    const handle = dispatcher({ big: { params: [], run: () => 2n ** 64n } });
    const text = '{"jsonrpc": "2.0", "method": "big", "id": 14}';
    let got: string | undefined;
    try {
      got = await handle(text);
    } catch (error) {
      throw new Error(`the dispatcher threw (${String(error)}${thrownAt(error)}) instead of answering: JSON.stringify cannot write a BigInt, and the caller still needs an answer (-32603)`);
    }
    expect(errorCodeOf(parsed(got, text) as Record<string, unknown>), because('a result that cannot be JSON is the server\'s fault: -32603 Internal error (send 64-bit integers as strings: task 3)', text, '{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":14}', got)).toBe(-32603);
  });
});

describe('task 2: batches and notifications', () => {
  it("gives no answer at all to the spec's notifications", async () => {
    await checkExample('a Notification (1)');
    await checkExample('a Notification (2)');
  });

  it('still runs the method a notification names', async () => {
    const seen: unknown[] = [];
    const handle = dispatcher({ log: { params: ['line'], run: (line: unknown) => void seen.push(line) } });
    const text = '{"jsonrpc": "2.0", "method": "log", "params": {"line": "started"}}';
    await handle(text);
    expect(seen, `a notification is a call whose answer nobody wants: the method must still run (section 4.1)\n  --> ${text}`).toEqual(['started']);
  });

  it('gives no answer to a notification even when its method fails or its params are wrong', async () => {
    const handle = dispatcher({
      explode: {
        params: [],
        run: () => {
          throw new Error('boom');
        },
      },
    });
    for (const text of ['{"jsonrpc": "2.0", "method": "explode"}', '{"jsonrpc": "2.0", "method": "subtract", "params": [1]}']) {
      const got = await handle(text);
      expect(got, because('the server MUST NOT reply to a notification, errors included (section 4.1)', text, undefined, got)).toBeUndefined();
    }
  });

  it("answers the spec's mixed batch with one entry per call and none for the notification", async () => {
    await checkExample('rpc call Batch');
  });

  it('answers a batch that is not valid JSON with one -32700 object', async () => {
    await checkExample('rpc call Batch, invalid JSON');
  });

  it('answers an empty array with one -32600 object, not with an array', async () => {
    await checkExample('rpc call with an empty Array');
  });

  it('answers each element of an invalid batch with its own -32600 entry', async () => {
    await checkExample('rpc call with an invalid Batch (but not empty)');
    await checkExample('rpc call with invalid Batch');
  });

  it('answers a batch of notifications only with nothing at all, not an empty array', async () => {
    await checkExample('rpc call Batch (all notifications)');
  });

  it('answers a random batch with exactly one entry per call, matched by id, and never a null', async () => {
    const rng = seededRandom();
    const handle = dispatcher();
    const batch: unknown[] = [];
    const expected = new Map<string, number>();
    // At least one call, somewhere in the batch: a batch of notifications only gets no answer at all.
    const size = rng.int(3, 12);
    const surelyCall = rng.int(0, size - 1);
    for (let i = 0; i < size; i++) {
      const [a, b] = [rng.int(-100, 100), rng.int(-100, 100)];
      if (i !== surelyCall && rng.next() < 0.4) batch.push({ jsonrpc: '2.0', method: 'notify_hello', params: [a] });
      else {
        const id = `c${i}-${rng.word(4)}`;
        expected.set(id, a - b);
        batch.push({ jsonrpc: '2.0', method: 'subtract', params: [a, b], id });
      }
    }
    batch.push({ jsonrpc: '2.0', method: 'update', params: [1] });
    const text = JSON.stringify(batch);
    const got = await handle(text);
    const answer = parsed(got, text, '[…one object per call…]', rng.tag('a batch with calls in it must get an answer (section 6)'));
    const shown = because('', text, '[…one object per call…]', got);
    expect(Array.isArray(answer), rng.tag(`a batch with calls in it is answered with an array (section 6)${shown}`)).toBe(true);
    const entries = answer as unknown[];
    expect(entries.filter((entry) => entry === null || typeof entry !== 'object'), rng.tag(`a batch answer holds only Response objects: a notification leaves no entry at all, not a null (section 6)${shown}`)).toEqual([]);
    const results = Object.fromEntries(entries.map((entry) => [String((entry as { id: unknown }).id), (entry as { result: unknown }).result]));
    expect(entries.length, rng.tag(`one entry per call (${expected.size} calls), none for the notifications${shown}`)).toBe(expected.size);
    expect(results, rng.tag(`each call's result under its own id (section 6)${shown}`)).toEqual(Object.fromEntries(expected));
  });

  it('answers an element that is itself an array with -32600: batches do not nest', async () => {
    const text = '[[{"jsonrpc": "2.0", "method": "get_data", "id": 1}], {"jsonrpc": "2.0", "method": "get_data", "id": 2}]';
    const got = await dispatcher()(text);
    const expected = [
      { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid Request' }, id: null },
      { jsonrpc: '2.0', result: ['hello', 5], id: 2 },
    ];
    expect(comparable(parsed(got, text)), because('each element of a batch must be a Request object; an array is not one (section 6)', text, JSON.stringify(expected), got)).toEqual(comparable(expected));
  });
});
