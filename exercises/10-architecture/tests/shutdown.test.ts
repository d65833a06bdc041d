import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
// The module tells the test where its file really is: the runner may serve src/ from
// another folder (the reference solution, a mutant), and a child process started by
// path does not pass through the runner, so a path written here would miss that.
import { entryFile } from '../src/service.js';
import { makeGraceful, type GracefulServer, type ShutdownOutcome } from '../src/shutdown.js';
import { dial, showResponse, type RawConnection } from './support/raw-http.js';
import { DEFAULT_DEADLINE_MS, EXIT_PATIENCE_MS, REPORT_TEXT, SHORT_DEADLINE_MS, tellDeadlineStory, tellDrainStory, told, type DeadlineStory, type DrainStory } from './support/shutdown-scenarios.js';
import { plannedTests, willRun } from '../../../runner/kit/planned-tests.js';
import { settle, settlesWithin, track, within } from '../../../runner/kit/time.js';

const CLOSE = 'RFC 9112, section 9.6';
const PATIENCE_MS = 2_000;
/** A deadline the in-process tests reach only by moving vitest's fake clock. */
const DEADLINE_MS = 30_000;

/**
 * A real server in this process: GET /slow is answered only when the test calls
 * finishSlow(), anything else at once. makeGraceful is applied as the README says,
 * right after creating the server.
 */
async function startServer() {
  let finish: () => void = () => undefined;
  const slowAnswered = new Promise<void>((resolve) => (finish = resolve));
  let slowArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (slowArrived = resolve));
  const server: Server = createServer((req, res) => {
    if (req.url === '/slow') {
      slowArrived();
      void slowAnswered.then(() => res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '4' }).end('done'));
      return;
    }
    if (req.url === '/stream') {
      // The headers and a first part go out at once; the rest when the test says so.
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '8' });
      res.write('part');
      slowArrived();
      void slowAnswered.then(() => res.end('done'));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '2' }).end('ok');
  });
  const graceful: GracefulServer = makeGraceful(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const opened: RawConnection[] = [];
  onTestFinished(async () => {
    for (const connection of opened) connection.destroy();
    server.closeAllConnections();
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  });
  /** A kept-alive connection, used for one request. */
  const connect = async (): Promise<RawConnection> => {
    const dialled = await dial(port);
    if (!dialled.ok) throw new Error(`could not connect to the server before shutdown: ${dialled.code}`);
    opened.push(dialled.connection);
    return dialled.connection;
  };
  /** A connection whose GET /slow is in flight: the handler has it and waits for finishSlow(). */
  const slowRequest = async (): Promise<RawConnection> => {
    const connection = await connect();
    connection.send('/slow');
    await within(arrived, PATIENCE_MS, 'GET /slow never reached the handler');
    return connection;
  };
  /** A connection whose GET /stream is in flight with its headers already sent. */
  const streamRequest = async (): Promise<RawConnection> => {
    const connection = await connect();
    connection.send('/stream');
    await within(arrived, PATIENCE_MS, 'GET /stream never reached the handler');
    return connection;
  };
  return { server, graceful, port, connect, slowRequest, streamRequest, finishSlow: () => finish(), opened };
}

/** Resolves once the server has read some bytes from `socket` (checked between I/O turns, for at most 100 000 of them). */
function bytesArrived(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    let turns = 0;
    const poll = () => {
      if (socket.bytesRead > 0) resolve();
      else if ((turns += 1) < 100_000) setImmediate(poll);
    };
    poll();
  });
}

const show = (outcome: ReturnType<typeof track<ShutdownOutcome>>) => (outcome.state() === 'fulfilled' ? `resolved with ${JSON.stringify(outcome.value())}` : outcome.state());

describe('task 4: graceful shutdown', () => {
  describe('makeGraceful(server).shutdown(deadlineMs), in this process', () => {
    beforeEach(() => {
      // Only the deadline timer is faked: sockets and I/O stay real.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('stops accepting new connections as soon as shutdown() is called', async () => {
      const { graceful, port, slowRequest } = await startServer();
      await slowRequest();
      void graceful.shutdown(DEADLINE_MS);
      const fresh = await dial(port);
      if (fresh.ok) fresh.connection.destroy();
      expect(
        fresh.ok ? 'accepted' : fresh.code,
        'right after shutdown() a new connection must be refused (ECONNREFUSED): call server.close() at once, so the load balancer and clients go elsewhere; a server that keeps accepting while it drains never finishes draining',
      ).toBe('ECONNREFUSED');
    });

    it('lets the request in flight finish, then resolves "drained"', async () => {
      const { graceful, slowRequest, finishSlow } = await startServer();
      const connection = await slowRequest();
      const shutdown = graceful.shutdown(DEADLINE_MS);
      const outcome = track(shutdown);
      await settle();
      expect(outcome.state(), 'shutdown() must not resolve while a request is still being answered').toBe('pending');
      finishSlow();
      const answer = await connection.response().catch((error: Error) => error);
      expect(
        answer instanceof Error ? answer.message : `${answer.status} ${answer.body}`,
        'GET /slow was in flight when shutdown() was called: its handler must be left to finish and its response must reach the client whole. Closing every connection at once (closeAllConnections) drops it — a user sees an error for a request the server had accepted',
      ).toBe('200 done');
      const drained = await settlesWithin(shutdown, PATIENCE_MS);
      expect(
        drained ? show(outcome) : `still pending ${PATIENCE_MS} ms after the last response`,
        `once the last request has been answered, shutdown() resolves "drained", long before its deadline. Still pending means a connection is still open: Node keeps a kept-alive connection open after its response (until keepAliveTimeout), and server.close() waits for it — send "Connection: close" on the responses still to come (${CLOSE}), or close the connection once it falls idle`,
      ).toBe('resolved with "drained"');
    });

    it(`answers the request in flight with "Connection: close" and then closes its connection (${CLOSE})`, async () => {
      const { graceful, slowRequest, finishSlow } = await startServer();
      const connection = await slowRequest();
      void graceful.shutdown(DEADLINE_MS);
      finishSlow();
      const response = await within(connection.response(), PATIENCE_MS, 'no response to GET /slow');
      expect(
        response.headers.connection?.toLowerCase(),
        `a server that is shutting down tells the client it will close the connection: "Connection: close" on the last response (${CLOSE}), so that the client does not send its next request on a connection about to disappear; the response was:\n${showResponse(response)}`,
      ).toBe('close');
      expect(await settlesWithin(connection.closed, PATIENCE_MS), 'after that response the server closes the connection').toBe(true);
    });

    it('closes an idle keep-alive connection at once', async () => {
      const { graceful, connect } = await startServer();
      const idle = await connect();
      idle.send('/health');
      await within(idle.response(), PATIENCE_MS, 'no response to GET /health');
      const shutdown = graceful.shutdown(DEADLINE_MS);
      const outcome = track(shutdown);
      const closed = await settlesWithin(idle.closed, PATIENCE_MS);
      expect(closed, 'a kept-alive connection with no request on it must be closed when shutdown starts (server.closeIdleConnections()): idle connections would otherwise hold the server open for keepAliveTimeout').toBe(true);
      await settlesWithin(shutdown, PATIENCE_MS);
      expect(show(outcome), 'with nothing in flight, shutdown() resolves "drained" at once').toBe('resolved with "drained"');
    });

    it('returns the same promise when shutdown() is called again', async () => {
      const { graceful, slowRequest, finishSlow } = await startServer();
      const connection = await slowRequest();
      const first = graceful.shutdown(DEADLINE_MS);
      const second = graceful.shutdown(DEADLINE_MS);
      finishSlow();
      await within(connection.response(), PATIENCE_MS, 'no response to GET /slow');
      await settlesWithin(first, PATIENCE_MS);
      expect(
        second === first ? 'the same promise' : `another promise (${show(track(second))}, while the first ${show(track(first))})`,
        'a second shutdown() (SIGTERM, then SIGINT from an impatient operator) must not start a second shutdown: server.close() on a closed server calls back at once with an error, and that promise would say "drained" while requests still run; keep the first promise and return it',
      ).toBe('the same promise');
    });

    it('leaves a response whose headers are already sent as it is, and still shuts down', async () => {
      const { graceful, port, streamRequest, finishSlow } = await startServer();
      const connection = await streamRequest();
      const outcome = track(graceful.shutdown(DEADLINE_MS));
      await settle();
      const fresh = await dial(port);
      if (fresh.ok) fresh.connection.destroy();
      finishSlow();
      const response = await connection.response().catch((error: Error) => error);
      expect(
        { shutdown: outcome.state() === 'rejected' ? `rejected: ${String((outcome.error() as Error)?.message ?? outcome.error())}` : 'not rejected', fresh: fresh.ok ? 'accepted' : fresh.code, response: response instanceof Error ? response.message : `${response.status} ${response.body}` },
        'GET /stream had sent its headers and part of its body when shutdown() was called: its headers are on the wire and cannot change, so set "Connection: close" only where res.headersSent is false (setHeader after that throws ERR_HTTP_HEADERS_SENT); the shutdown goes on — new connections refused — and the response is finished whole',
      ).toEqual({ shutdown: 'not rejected', fresh: 'ECONNREFUSED', response: '200 partdone' });
    });

    it(`answers a request that arrives on an open connection during the shutdown with "Connection: close" (${CLOSE})`, async () => {
      const { graceful, connect, server } = await startServer();
      const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
      const connection = await connect();
      const socket = await within(accepted, PATIENCE_MS, 'the server never accepted the connection');
      // The request line is on its way, its headers not finished: the connection is not idle.
      connection.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      await within(bytesArrived(socket), PATIENCE_MS, 'the server never read the start of the request');
      const shutdown = graceful.shutdown(DEADLINE_MS);
      const outcome = track(shutdown);
      connection.write('\r\n');
      const response = await within(connection.response(), PATIENCE_MS, 'no response to GET /health');
      expect(
        response.headers.connection?.toLowerCase(),
        `GET /health arrived on an open connection after shutdown() was called, and the application answered it at once: mark such a request too (res.setHeader('Connection', 'close') in a 'request' listener added with prependListener, so that it runs before the application's), or its connection stays open, idle, for keepAliveTimeout; the response was:\n${showResponse(response)}`,
      ).toBe('close');
      const drained = await settlesWithin(shutdown, PATIENCE_MS);
      expect(drained ? show(outcome) : 'still pending', 'with that connection closed after its response, the shutdown resolves "drained"').toBe('resolved with "drained"');
    });

    it('at the deadline, cuts the connections still open and resolves "forced"', async () => {
      const { graceful, slowRequest } = await startServer();
      const connection = await slowRequest();
      const outcome = track(graceful.shutdown(DEADLINE_MS));
      await vi.advanceTimersByTimeAsync(DEADLINE_MS - 1);
      expect({ closed: connection.isClosed(), outcome: show(outcome) }, `1 ms before the ${DEADLINE_MS} ms deadline the request is still left to run`).toEqual({ closed: false, outcome: 'pending' });
      await vi.advanceTimersByTimeAsync(1);
      const cut = await settlesWithin(connection.closed, PATIENCE_MS);
      expect(
        cut,
        `the deadline (a setTimeout of deadlineMs) has passed and the request still runs: close every connection (server.closeAllConnections()). A platform waits only so long (Kubernetes: terminationGracePeriodSeconds, 30 s by default) before it kills the process with SIGKILL`,
      ).toBe(true);
      await settle();
      expect(show(outcome), 'a shutdown that had to cut requests off resolves "forced", so the program can exit with a non-zero code').toBe('resolved with "forced"');
    });

    it('clears its deadline timer once drained, leaving nothing to keep the process alive', async () => {
      const { graceful, slowRequest, finishSlow } = await startServer();
      const connection = await slowRequest();
      const outcome = graceful.shutdown(DEADLINE_MS);
      finishSlow();
      await within(connection.response(), PATIENCE_MS, 'no response to GET /slow');
      const drained = await settlesWithin(outcome, PATIENCE_MS);
      expect(drained, 'shutdown() resolves once the last response is out').toBe(true);
      expect(
        vi.getTimerCount(),
        'the deadline timer is still pending after a clean drain: clearTimeout it when server.close() calls back, or a stopped server keeps its process alive until the deadline',
      ).toBe(0);
    });
  });

  // Windows has no real SIGTERM (process.kill ends the process at once), so this part
  // can only run on Linux and macOS.
  describe.skipIf(process.platform === 'win32')(`the service as a real process, stopped with SIGTERM${process.platform === 'win32' ? ' — skipped: Windows has no real SIGTERM' : ''}`, () => {
    // Two programs, started together so that their start-ups overlap: the deadline's story
    // for its one test, the drain's for the others. Each starts here only when a test of it
    // will run (all of them, unless a filter or the self-check runs fewer); a test that
    // finds its story not started starts it.
    let drainStory: Promise<DrainStory> | undefined;
    let deadlineStory: Promise<DeadlineStory> | undefined;
    const drainTold = (): Promise<DrainStory> => (drainStory ??= tellDrainStory(entryFile));
    const deadlineTold = (): Promise<DeadlineStory> => (deadlineStory ??= tellDeadlineStory(entryFile));
    const DEADLINE_TEST = `cuts off a request that never ends at the deadline (SHUTDOWN_DEADLINE_MS=${SHORT_DEADLINE_MS}) when stopped with SIGINT (Ctrl-C), and exits with code 1`;
    beforeAll(async ({}, suite) => {
      const planned = plannedTests(suite);
      await Promise.all([
        willRun(planned, (name) => name !== DEADLINE_TEST) ? drainTold() : undefined,
        willRun(planned, (name) => name === DEADLINE_TEST) ? deadlineTold() : undefined,
      ]);
    }, 30_000);

    it('writes "listening <port>" on stdout once it accepts connections', async () => {
      const drain = await drainTold();
      expect(drain.listening, `the test reads the port from a "listening <port>" line on stdout, written once the server listens\n${told(drain)}`).toBe(true);
    });

    it('listens at 127.0.0.1 only, not on the other addresses of the machine', async () => {
      const drain = await drainTold();
      expect(
        drain.elsewhere,
        `listen on port 0 at 127.0.0.1: server.listen(0, '127.0.0.1'). Without a host, Node listens on every address of the machine (:: or 0.0.0.0), so anyone who can reach it on the network reaches the service, past the proxy in front of it\n${told(drain)}`,
      ).toEqual([]);
    });

    it("keeps an idle connection open for 65 s (keepAliveTimeout), longer than a load balancer's 60 s idle timeout", async () => {
      const drain = await drainTold();
      expect(
        drain.health?.headers['keep-alive'],
        `Node says how long it keeps an idle connection open in the Keep-Alive field of each response: set server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS (65 000 ms) before listening. With Node's default of 5 s, a load balancer that keeps its side open for 60 s sends a request on a connection the service has just closed, and its client gets a 502; the service must be the one that waits longer\n${told(drain)}`,
      ).toBe('timeout=65');
    });

    it('stops accepting new connections once SIGTERM has arrived', async () => {
      const drain = await drainTold();
      expect(drain.draining, `after SIGTERM the program writes "draining" on stdout, once it has stopped accepting\n${told(drain)}`).toBe(true);
      expect(
        drain.fresh?.refused,
        `a connection opened after "draining" must be refused: SIGTERM means "stop taking work", and the platform has already stopped sending traffic here (Kubernetes removes the pod from its Service endpoints)\n${told(drain)}`,
      ).toBe(true);
    });

    it('closes an idle keep-alive connection as soon as SIGTERM arrives', async () => {
      const drain = await drainTold();
      expect(drain.idleClosed, `an idle kept-alive connection must not hold the process open: close it when the shutdown starts\n${told(drain)}`).toBe(true);
    });

    it('finishes the request in flight when SIGTERM arrives and sends its whole response', async () => {
      const drain = await drainTold();
      const response = drain.inFlight !== undefined && 'response' in drain.inFlight ? drain.inFlight.response : undefined;
      expect(
        response ? `${response.status} ${response.body}` : 'no response',
        `GET /report was in flight when SIGTERM came: the program must let it finish — exiting at once (process.exit in the signal handler), or not handling SIGTERM at all, drops it, and the user sees an error for a request the service had accepted\n${told(drain)}`,
      ).toBe(`200 ${JSON.stringify({ report: REPORT_TEXT })}`);
      expect(response?.headers.connection?.toLowerCase(), `the last response on a connection the server is about to close says "Connection: close" (${CLOSE})\n${told(drain)}`).toBe('close');
    });

    it('exits with code 0 right after its last response, without waiting for keep-alive or the deadline', async () => {
      const drain = await drainTold();
      expect(
        drain.ending,
        `once the last request is answered the program must end by itself, within ${EXIT_PATIENCE_MS / 1000} s, not at its deadline (SHUTDOWN_DEADLINE_MS is not set, so the default ${DEFAULT_DEADLINE_MS / 1000} s): a kept-alive connection left open (Node keeps one open after its response until keepAliveTimeout, 65 s here) or a timer still pending keeps it alive, and the platform ends up killing it\n${told(drain)}`,
      ).toBeDefined();
      expect(
        drain.ending,
        `a service that drained every request exits with code 0 — not killed by the signal (which is what happens when SIGTERM has no handler): a non-zero exit or a signal reads as a crash\n${told(drain)}`,
      ).toEqual({ code: 0, signal: undefined });
    });

    it(DEADLINE_TEST, async () => {
      const deadline = await deadlineTold();
      expect(
        deadline.ending,
        `with a request that never finishes, the program stopped with SIGINT (Ctrl-C; handle it as SIGTERM: process.once('SIGINT', stop)) must still end, soon after its ${SHORT_DEADLINE_MS} ms deadline: at the deadline close what is left (server.closeAllConnections()) and exit\n${told(deadline)}`,
      ).toBeDefined();
      expect(
        deadline.ending,
        `a shutdown that had to cut requests off exits with code 1, so that the platform's logs show that something was lost; killed by the signal means SIGINT had no handler\n${told(deadline)}`,
      ).toEqual({ code: 1, signal: undefined });
    });
  });
});
