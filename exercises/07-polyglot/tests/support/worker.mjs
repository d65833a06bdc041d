// A real worker process for the tests of task 5. It speaks newline-delimited JSON-RPC
// on stdin/stdout and misbehaves on command, as real workers do: it answers out of
// order, never answers, writes lines that are not answers, and crashes.
// Started by the learner's client as `node worker.mjs`; exits when stdin ends, after
// answering the calls it still holds. Plain JavaScript, so that it starts as fast as a
// compiled worker would: each run of the tests starts several, and a TypeScript loader
// (tsx) would add a third of a second of CPU to each.
import { createInterface } from 'node:readline';

/** @typedef {{ jsonrpc?: unknown, method?: unknown, params?: { value?: unknown, code?: number } | unknown[], id?: string | number | null }} Request */

/** @type {Array<{ id: Request['id'], value: unknown }>} */
const held = [];
/** @type {unknown[]} */
const notifications = [];

/** @param {object} message */
function write(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** @param {Request['id']} id @param {unknown} result */
function answer(id, result) {
  write({ jsonrpc: '2.0', result, id });
}

/** @param {Request} request @returns {{ value?: unknown, code?: number }} */
function named(request) {
  return request.params !== undefined && !Array.isArray(request.params) ? request.params : {};
}

/** @param {Request} request */
function handle(request) {
  if (!('id' in request)) {
    notifications.push(request);
    return;
  }
  const { id } = request;
  switch (request.method) {
    case 'echo':
      return answer(id, named(request).value ?? null);
    case 'echo_request':
      return answer(id, request);
    case 'hold':
      // Kept until `release`, which answers the held calls newest first.
      held.push({ id, value: named(request).value ?? null });
      return;
    case 'release': {
      const count = held.length;
      for (const entry of held.reverse().splice(0)) answer(entry.id, entry.value);
      return answer(id, count);
    }
    case 'hang':
      return;
    case 'fail':
      return write({ jsonrpc: '2.0', error: { code: -32000, message: 'Worker refused', data: { retry: false } }, id });
    case 'noise':
      process.stdout.write('worker: this log line went to stdout by mistake\n');
      // JSON, but not an answer object: a value a careless peer may write.
      process.stdout.write('null\n42\n"ok"\n');
      write({ jsonrpc: '2.0', result: 'for someone else', id: 987_654_321 });
      write({ jsonrpc: '2.0', result: 'for someone else', id: 'not-one-of-yours' });
      return answer(id, 'after the noise');
    case 'notifications':
      return answer(id, notifications);
    case 'pid':
      return answer(id, process.pid);
    case 'crash':
      // Dies mid-call, without answering, as a worker hitting a fatal bug does.
      process.exit(named(request).code ?? 1);
    default:
      return write({ jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id });
  }
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  try {
    handle(JSON.parse(line));
  } catch {
    write({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
  }
}
// A graceful worker finishes its work when its input ends: the held calls get their answers,
// which a client that has closed the worker must already have rejected.
for (const entry of held.splice(0)) answer(entry.id, entry.value);
