// A JSON-RPC 2.0 dispatcher: the text of one message in, the text of the answer out
// (or nothing at all). The transport — stdin/stdout, HTTP, a socket — stays outside,
// so every transport answers exactly the same way.

// The error codes the specification reserves (JSON-RPC 2.0, section 5.1).
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

export type Id = string | number | null;

/** Thrown by a method (or by the dispatcher) to answer with this exact error object. */
export class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.data = data;
  }
}

export interface MethodDefinition {
  /** Parameter names in positional order: named params are matched to these names. */
  params: readonly string[];
  /** When true, positional params beyond the named ones are passed on too (like `sum`). */
  rest?: boolean;
  // `any` so that a definition can declare the parameter types it expects.
  run: (...args: any[]) => unknown;
}

export type Methods = Readonly<Record<string, MethodDefinition>>;

export interface DispatcherOptions {
  /** Sees every unexpected exception a method throws: the caller only sees -32603. */
  onInternalError?: (error: unknown, method: string) => void;
}

/** Takes the text of one message; resolves to the answer's text, or undefined when none is due. */
export type Handler = (text: string) => Promise<string | undefined>;

interface Call {
  method: string;
  params: unknown;
  /** Absent for a notification. */
  id?: Id;
}

export function createDispatcher(methods: Methods, options: DispatcherOptions = {}): Handler {
  const onInternalError = options.onInternalError ?? ((error: unknown) => console.error(error));
  const answerOne = (message: unknown) => answer(methods, onInternalError, message);
  return async (text) => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return failure(null, PARSE_ERROR, 'Parse error');
    }
    if (!Array.isArray(message)) return answerOne(message);
    // An empty batch is one invalid request, answered with one object (section 6).
    if (message.length === 0) return failure(null, INVALID_REQUEST, 'Invalid Request');
    const answers = await Promise.all(message.map(answerOne));
    // Notifications leave no trace in a batch answer: no null, no empty array.
    const given = answers.filter((entry): entry is string => entry !== undefined);
    return given.length === 0 ? undefined : `[${given.join(',')}]`;
  };
}

async function answer(methods: Methods, onInternalError: NonNullable<DispatcherOptions['onInternalError']>, message: unknown): Promise<string | undefined> {
  const call = readCall(message);
  if (call instanceof RpcError) return failure(idOf(message), call.code, call.message);
  try {
    const definition = Object.hasOwn(methods, call.method) ? methods[call.method] : undefined;
    if (definition === undefined) throw new RpcError(METHOD_NOT_FOUND, 'Method not found');
    const result = await definition.run(...bindParams(definition, call.params));
    if (!('id' in call)) return undefined;
    // `result` is required on success: a method that returns nothing answers null.
    return JSON.stringify({ jsonrpc: '2.0', result: result ?? null, id: call.id });
  } catch (error) {
    if (!('id' in call)) return undefined;
    if (error instanceof RpcError) return failure(call.id ?? null, error.code, error.message, error.data);
    // The exception's text may hold secrets or internals: log it here, send only the code.
    onInternalError(error, call.method);
    return failure(call.id ?? null, INTERNAL_ERROR, 'Internal error');
  }
}

/** Checks the Request object's shape (section 4); an RpcError says why it is not one. */
function readCall(message: unknown): Call | RpcError {
  const invalid = new RpcError(INVALID_REQUEST, 'Invalid Request');
  if (!isObject(message)) return invalid;
  const { jsonrpc, method, params } = message;
  if (jsonrpc !== '2.0' || typeof method !== 'string') return invalid;
  if (params !== undefined && !Array.isArray(params) && !isObject(params)) return invalid;
  if (!('id' in message)) return { method, params };
  if (!isId(message.id)) return invalid;
  return { method, params, id: message.id };
}

/** Turns positional or named params into the argument list the method expects. */
function bindParams(definition: MethodDefinition, params: unknown): unknown[] {
  const names = definition.params;
  if (params === undefined) params = [];
  if (Array.isArray(params)) {
    const tooFew = params.length < names.length;
    const tooMany = params.length > names.length && definition.rest !== true;
    if (tooFew || tooMany) throw invalidParams(`expected ${names.length}${definition.rest ? ' or more' : ''} positional params, got ${params.length}`);
    return params;
  }
  const byName = params as Record<string, unknown>;
  const unknownNames = Object.keys(byName).filter((name) => !names.includes(name));
  if (unknownNames.length > 0) throw invalidParams(`unknown params: ${unknownNames.join(', ')}`);
  const missing = names.filter((name) => !Object.hasOwn(byName, name));
  if (missing.length > 0) throw invalidParams(`missing params: ${missing.join(', ')}`);
  return names.map((name) => byName[name]);
}

function invalidParams(detail: string): RpcError {
  return new RpcError(INVALID_PARAMS, 'Invalid params', detail);
}

function failure(id: Id, code: number, message: string, data?: unknown): string {
  const error = data === undefined ? { code, message } : { code, message, data };
  return JSON.stringify({ jsonrpc: '2.0', error, id });
}

/** The id to answer an invalid request with: its own when it has a valid one, else null. */
function idOf(message: unknown): Id {
  return isObject(message) && isId(message.id) ? message.id : null;
}

function isId(value: unknown): value is Id {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
