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

export function createDispatcher(methods: Methods, options: DispatcherOptions = {}): Handler {
  throw new Error('TODO: task 1 — return a handler that parses one message, checks the Request object, binds params and answers (task 2: batches and notifications)');
}
