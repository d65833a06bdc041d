// Every request/response example of the JSON-RPC 2.0 specification, section 7
// ("Examples", https://www.jsonrpc.org/specification#examples), as the spec writes
// them: `request` is the text after `-->`, `answer` the text after `<--` (undefined
// where the spec shows no answer). The spec's methods are defined below as the
// examples need them; foobar, foo.get and notify_sum do not exist on purpose.
import type { Methods } from '../../src/dispatcher.js';

export interface SpecExample {
  /** The spec's own heading for the example. */
  title: string;
  request: string;
  answer: string | undefined;
}

export const SPEC_SECTION = 'JSON-RPC 2.0 specification, section 7 "Examples"';

export const SPEC_EXAMPLES: readonly SpecExample[] = [
  {
    title: 'rpc call with positional parameters (1)',
    request: '{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}',
    answer: '{"jsonrpc": "2.0", "result": 19, "id": 1}',
  },
  {
    title: 'rpc call with positional parameters (2)',
    request: '{"jsonrpc": "2.0", "method": "subtract", "params": [23, 42], "id": 2}',
    answer: '{"jsonrpc": "2.0", "result": -19, "id": 2}',
  },
  {
    title: 'rpc call with named parameters (1)',
    request: '{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}',
    answer: '{"jsonrpc": "2.0", "result": 19, "id": 3}',
  },
  {
    title: 'rpc call with named parameters (2)',
    request: '{"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": 4}',
    answer: '{"jsonrpc": "2.0", "result": 19, "id": 4}',
  },
  {
    title: 'a Notification (1)',
    request: '{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}',
    answer: undefined,
  },
  {
    title: 'a Notification (2)',
    request: '{"jsonrpc": "2.0", "method": "foobar"}',
    answer: undefined,
  },
  {
    title: 'rpc call of non-existent method',
    request: '{"jsonrpc": "2.0", "method": "foobar", "id": "1"}',
    answer: '{"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "1"}',
  },
  {
    title: 'rpc call with invalid JSON',
    request: '{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]',
    answer: '{"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null}',
  },
  {
    title: 'rpc call with invalid Request object',
    request: '{"jsonrpc": "2.0", "method": 1, "params": "bar"}',
    answer: '{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}',
  },
  {
    title: 'rpc call Batch, invalid JSON',
    request: `[
  {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
  {"jsonrpc": "2.0", "method"
]`,
    answer: '{"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null}',
  },
  {
    title: 'rpc call with an empty Array',
    request: '[]',
    answer: '{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}',
  },
  {
    title: 'rpc call with an invalid Batch (but not empty)',
    request: '[1]',
    answer: `[
  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}
]`,
  },
  {
    title: 'rpc call with invalid Batch',
    request: '[1,2,3]',
    answer: `[
  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}
]`,
  },
  {
    title: 'rpc call Batch',
    request: `[
        {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
        {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
        {"foo": "boo"},
        {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
        {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
    ]`,
    answer: `[
        {"jsonrpc": "2.0", "result": 7, "id": "1"},
        {"jsonrpc": "2.0", "result": 19, "id": "2"},
        {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
        {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "5"},
        {"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"}
    ]`,
  },
  {
    title: 'rpc call Batch (all notifications)',
    request: `[
        {"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},
        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}
    ]`,
    answer: undefined,
  },
];

/** Examples by title, for tests that pick one. */
export function specExample(title: string): SpecExample {
  const example = SPEC_EXAMPLES.find((candidate) => candidate.title === title);
  if (example === undefined) throw new Error(`no spec example titled ${title}`);
  return example;
}

/** The methods the examples call, as the spec describes them. */
export function specMethods(): Methods {
  return {
    subtract: { params: ['minuend', 'subtrahend'], run: (minuend: number, subtrahend: number) => minuend - subtrahend },
    sum: { params: [], rest: true, run: (...numbers: number[]) => numbers.reduce((total, n) => total + n, 0) },
    update: { params: [], rest: true, run: () => undefined },
    notify_hello: { params: [], rest: true, run: () => undefined },
    get_data: { params: [], run: () => ['hello', 5] },
  };
}

/** A form of parsed JSON where a batch's order does not matter, as section 6 allows. */
export function comparable(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return [...value].sort((a, b) => canonical(a).localeCompare(canonical(b)));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** The exchange as the spec writes one, for failure messages. */
export function transcript(request: string, answer: string | undefined): string {
  return `  --> ${request.replace(/\s*\n\s*/g, ' ')}\n  <-- ${answer === undefined ? '(nothing: no answer at all)' : answer.replace(/\s*\n\s*/g, ' ')}`;
}
