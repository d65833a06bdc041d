// Graceful shutdown of a node:http server: stop accepting, let the requests in flight
// finish, close keep-alive connections as soon as they fall idle, and cut off whatever
// is left at a deadline. README.md, task 4.
import type { Server } from 'node:http';

/** 'drained': every request finished; 'forced': the deadline came first and connections were cut. */
export type ShutdownOutcome = 'drained' | 'forced';

export interface GracefulServer {
  /** Starts the shutdown (at most once; later calls get the same promise) and resolves when it is over. */
  shutdown(deadlineMs: number): Promise<ShutdownOutcome>;
}

/** Call it right after creating the server, before it listens: it must see every request. */
export function makeGraceful(server: Server): GracefulServer {
  // Track the responses in flight here (a 'request' listener), so that shutdown() can
  // mark them "Connection: close".
  throw new Error('TODO: task 4 — return { shutdown } that closes the server, lets requests in flight finish with Connection: close, and closes everything at the deadline');
}
