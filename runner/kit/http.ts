// Helpers for exercise tests that talk to a learner's server over real HTTP.
// Every failure message built here shows the exchange as a learner can replay it:
// the request as a one-line curl, then the response's status, headers and body.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

const BODY_SHOWN = 600;

export interface TestServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

export interface SendOptions {
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is sent as JSON with a JSON content type. */
  body?: unknown;
}

export interface Exchange {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | undefined;
  status: number;
  headers: Headers;
  text: string;
}

/** Starts a real node:http server on an ephemeral port; it is closed when the test ends. */
export async function serve(listener: RequestListener): Promise<TestServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => closeServer(server);
  onTestFinished(close);
  return { url: `http://127.0.0.1:${port}`, server, close };
}

/** Wraps an existing server (for example one the learner's code created) so it closes with the test. */
export async function serveServer(server: Server): Promise<TestServer> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => closeServer(server);
  onTestFinished(close);
  return { url: `http://127.0.0.1:${port}`, server, close };
}

export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Sends one request with fetch and keeps everything a failure message needs. */
export async function send(base: string, method: string, path: string, options: SendOptions = {}): Promise<Exchange> {
  const requestHeaders = { ...options.headers };
  let requestBody: string | undefined;
  if (typeof options.body === 'string') requestBody = options.body;
  else if (options.body !== undefined) {
    requestBody = JSON.stringify(options.body);
    requestHeaders['content-type'] ??= 'application/json';
  }
  const url = base + path;
  const response = await fetch(url, { method, headers: requestHeaders, body: requestBody, redirect: 'manual' });
  const text = await response.text();
  return { method, url, requestHeaders, requestBody, status: response.status, headers: response.headers, text };
}

/** Parses the response body as JSON, failing with the exchange shown when it is not JSON. */
export function jsonOf(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.text);
  } catch {
    throw new Error(explain(exchange, 'the response body should be JSON, and it did not parse'));
  }
}

/** The request as a curl command a learner can paste into a terminal. */
export function toCurl(exchange: Pick<Exchange, 'method' | 'url' | 'requestHeaders' | 'requestBody'>): string {
  const parts = ['curl -i'];
  if (exchange.method === 'HEAD') parts.push('--head');
  else if (exchange.method !== 'GET') parts.push(`-X ${exchange.method}`);
  for (const [name, value] of Object.entries(exchange.requestHeaders)) parts.push(`-H ${quote(`${name}: ${value}`)}`);
  if (exchange.requestBody !== undefined) parts.push(`--data-raw ${quote(exchange.requestBody)}`);
  parts.push(quote(exchange.url));
  return parts.join(' ');
}

/** A failure message: why it matters first, then the exchange that showed it. */
export function explain(exchange: Exchange, why: string): string {
  const headers = [...exchange.headers.entries()]
    .filter(([name]) => name !== 'date' && name !== 'connection' && name !== 'keep-alive')
    .map(([name, value]) => `    ${name}: ${value}`);
  const body = exchange.text.length > BODY_SHOWN ? `${exchange.text.slice(0, BODY_SHOWN)}… (${exchange.text.length} characters)` : exchange.text;
  return [
    why,
    `  request:  ${toCurl(exchange)}`,
    `  response: ${exchange.status}`,
    ...headers,
    body === '' ? '    (no body)' : `    ${body.replace(/\n/g, '\n    ')}`,
  ].join('\n');
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
