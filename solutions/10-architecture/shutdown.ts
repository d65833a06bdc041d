// Graceful shutdown of a node:http server: stop accepting, let the requests in flight
// finish, close keep-alive connections as soon as they fall idle, and cut off whatever
// is left at a deadline. README.md, task 4.
import type { Server, ServerResponse } from 'node:http';

/** 'drained': every request finished; 'forced': the deadline came first and connections were cut. */
export type ShutdownOutcome = 'drained' | 'forced';

export interface GracefulServer {
  /** Starts the shutdown (at most once; later calls get the same promise) and resolves when it is over. */
  shutdown(deadlineMs: number): Promise<ShutdownOutcome>;
}

/** Call it right after creating the server, before it listens: it must see every request. */
export function makeGraceful(server: Server): GracefulServer {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let outcome: Promise<ShutdownOutcome> | undefined;

  // Ahead of the application's own listener, which may answer at once.
  server.prependListener('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
    if (draining) askToClose(res);
  });

  return {
    shutdown(deadlineMs) {
      outcome ??= new Promise<ShutdownOutcome>((resolve) => {
        draining = true;
        // Node keeps a kept-alive connection open after its last response; saying
        // "Connection: close" makes it close that connection once the answer is out.
        for (const res of inFlight) askToClose(res);
        const deadline = setTimeout(() => {
          server.closeAllConnections();
          resolve('forced');
        }, deadlineMs);
        // close() stops accepting at once and calls back when the last connection is gone.
        server.close(() => {
          clearTimeout(deadline);
          resolve('drained');
        });
        server.closeIdleConnections();
      });
      return outcome;
    },
  };
}

function askToClose(res: ServerResponse): void {
  // Headers already on the wire cannot change; that connection ends at the deadline.
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
