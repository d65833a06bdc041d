// A client for a worker process that speaks newline-delimited JSON-RPC on its stdin
// and stdout, in whatever language it is written. Answers may come in any order, may
// never come, and the worker may die: every call still settles, and promptly.

/** A call got no answer within `timeoutMs`. */
export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** The worker is not running: it exited, crashed, was closed, or could not be started. */
export class WorkerExitedError extends Error {
  readonly exitCode: number | null;
  readonly signal: string | null;
  constructor(message: string, exitCode: number | null = null, signal: string | null = null) {
    super(message);
    this.name = 'WorkerExitedError';
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

/** The two timer functions the client uses, so that a test can drive time itself. */
export interface Timers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface WorkerOptions {
  command: string;
  args?: readonly string[];
  /** How long one call may wait for its answer; 5000 ms when not given. */
  timeoutMs?: number;
  timers?: Timers;
}

export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface WorkerClient {
  /** Sends a request; resolves with its result, rejects with RpcError, TimeoutError or WorkerExitedError. */
  call: (method: string, params?: Params) => Promise<unknown>;
  /** Sends a notification: no id, no answer. */
  notify: (method: string, params?: Params) => void;
  /** Ends the worker (closes its stdin) and resolves once it has exited. */
  close: () => Promise<void>;
}

export function startWorker(options: WorkerOptions): WorkerClient {
  throw new Error('TODO: task 5 — spawn the worker, send requests as lines, match answers by id, time out, reject pending calls when it exits');
}
