// A client for a worker process that speaks newline-delimited JSON-RPC on its stdin
// and stdout, in whatever language it is written. Answers may come in any order, may
// never come, and the worker may die: every call still settles, and promptly.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { RpcError } from './dispatcher.js';

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

interface Pending {
  method: string;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function startWorker(options: WorkerOptions): WorkerClient {
  const timers = options.timers ?? realTimers;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let gone: WorkerExitedError | undefined;

  const child = spawn(options.command, options.args ?? [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  const settle = (id: number): Pending | undefined => {
    const entry = pending.get(id);
    if (entry === undefined) return undefined;
    pending.delete(id);
    timers.clearTimeout(entry.timer);
    return entry;
  };
  const failAll = (error: WorkerExitedError) => {
    gone ??= error;
    for (const id of [...pending.keys()]) settle(id)?.reject(gone);
  };

  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = parseAnswer(line);
    // Not an answer to one of our calls (a log line, a stale or unknown id): ignore it.
    if (message === undefined || typeof message.id !== 'number') return;
    const entry = settle(message.id);
    if (entry === undefined) return;
    if (message.error !== undefined) entry.reject(new RpcError(message.error.code, message.error.message, message.error.data));
    else entry.resolve(message.result);
  });
  // 'close', not 'exit': answers the worker wrote just before dying are read first.
  child.on('close', (code, signal) => failAll(new WorkerExitedError(`the worker exited (code ${code}, signal ${signal})`, code, signal)));
  child.on('error', (error) => failAll(new WorkerExitedError(`the worker could not run: ${error.message}`)));
  // Writing to a worker that just died fails with EPIPE; 'close' reports that death.
  child.stdin.on('error', () => undefined);

  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);

  const call = (method: string, params?: Params): Promise<unknown> => {
    if (gone !== undefined) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = timers.setTimeout(() => {
        settle(id)?.reject(new TimeoutError(`${method} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { method, resolve, reject, timer });
      send(params === undefined ? { jsonrpc: '2.0', method, id } : { jsonrpc: '2.0', method, params, id });
    });
  };

  const notify = (method: string, params?: Params): void => {
    if (gone !== undefined) return;
    send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  };

  const close = async (): Promise<void> => {
    failAll(new WorkerExitedError('the worker was closed'));
    child.stdin.end();
    await closed;
  };

  return { call, notify, close };
}

interface Answer {
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

function parseAnswer(line: string): Answer | undefined {
  try {
    const message: unknown = JSON.parse(line);
    return typeof message === 'object' && message !== null && !Array.isArray(message) ? (message as Answer) : undefined;
  } catch {
    return undefined;
  }
}
