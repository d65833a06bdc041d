// The service as a program: a small HTTP API that calls a slow upstream service,
// started as `node --import tsx service.ts`, stopped by SIGTERM the way a container
// platform stops it. It writes "listening <port>" once it accepts connections and
// "draining" once SIGTERM has made it stop accepting. README.md, task 4.
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeGraceful } from './shutdown.js';

/**
 * This file's own path. A test imports this module to learn where it really is, then
 * starts that file as a child process (the test runner may serve the module from
 * another folder than src/, and a child process does not go through the runner).
 */
export const entryFile = fileURLToPath(import.meta.url);

/** Environment variables the program reads. */
export const ENV = {
  /** The upstream service GET /report calls. */
  upstreamUrl: 'UPSTREAM_URL',
  /** Milliseconds between SIGTERM and cutting off what is still running. */
  deadlineMs: 'SHUTDOWN_DEADLINE_MS',
} as const;

const DEFAULT_DEADLINE_MS = 10_000;
/** Longer than a load balancer's idle timeout (60 s on AWS), as Node deployments behind one are told to set. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** GET /health answers at once; GET /report waits for the upstream service. */
export function createApp(upstreamUrl: string): RequestListener {
  return (req, res) => {
    if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
    if (req.method === 'GET' && req.url === '/report') return void report(upstreamUrl, res);
    send(res, 404, { error: 'not found' });
  };
}

async function report(upstreamUrl: string, res: ServerResponse): Promise<void> {
  try {
    const upstream = await fetch(upstreamUrl);
    send(res, 200, { report: await upstream.text() });
  } catch (error) {
    console.error('upstream call failed:', error);
    send(res, 502, { error: 'upstream unavailable' });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export async function main(): Promise<void> {
  // 1. Create the server from createApp(upstream URL), set keepAliveTimeout to
  //    KEEP_ALIVE_TIMEOUT_MS, and pass it to makeGraceful() before it listens.
  // 2. Listen on port 0 at 127.0.0.1, then write "listening <port>\n" on stdout.
  // 3. On SIGTERM (and SIGINT): call shutdown(deadline), write "draining\n" on stdout,
  //    and when shutdown resolves exit with 0 ("drained") or 1 ("forced").
  throw new Error('TODO: task 4 — start the server, write "listening <port>", and on SIGTERM shut down gracefully, then exit with 0 or 1');
}

// Run only when started as a program, not when a test imports the module.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === entryFile) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
