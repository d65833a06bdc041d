// Why a worker thread died. vitest reports a dead worker only as "Worker exited
// unexpectedly"; Node's own error event before that says why (ERR_WORKER_OUT_OF_MEMORY),
// so every worker's error events are noted as they pass.
import { Worker } from 'node:worker_threads';

let last = '';

/** Notes the error events of every worker thread this process starts from now on. */
export function noteWorkerErrors(): void {
  const emit = Worker.prototype.emit;
  Worker.prototype.emit = function noteErrors(this: Worker, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error') last = describeError(args[0]);
    return emit.call(this, event, ...args);
  };
}

/** The last worker error noted, or '' when none. */
export function lastWorkerError(): string {
  return last;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code} ` : ''}${error.message}`;
}
