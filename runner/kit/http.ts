// Helpers for exercise tests that talk to a learner's server over real HTTP.
// Every failure message built here shows the exchange as a learner can replay it:
// the request as a one-line curl, then the response's status, headers and body.
import { createServer, request, type RequestListener, type Server } from 'node:http';
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
  headers: ResponseHeaders;
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

/**
 * Sends one request with node:http and keeps everything a failure message needs. Not
 * fetch: its client (undici) is loaded afresh in every test thread, which costs more
 * than a whole file of these exchanges; node:http is already there.
 */
export async function send(base: string, method: string, path: string, options: SendOptions = {}): Promise<Exchange> {
  const requestHeaders = { ...options.headers };
  let requestBody: string | undefined;
  if (typeof options.body === 'string') requestBody = options.body;
  else if (options.body !== undefined) {
    requestBody = JSON.stringify(options.body);
    requestHeaders['content-type'] ??= 'application/json';
  }
  const url = base + path;
  const { status, headers, text } = await exchangeOnce(url, method, requestHeaders, requestBody);
  return { method, url, requestHeaders, requestBody, status, headers, text };
}

function exchangeOnce(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<{ status: number; headers: ResponseHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) };
    const req = request(url, { method, headers: sent, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: new ResponseHeaders(res.rawHeaders), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The response headers, read as with fetch's Headers: names in lower case, repeated fields joined with ", ". */
export class ResponseHeaders {
  private readonly fields = new Map<string, string>();

  constructor(raw: readonly string[]) {
    for (let index = 0; index + 1 < raw.length; index += 2) {
      const name = (raw[index] as string).toLowerCase();
      const value = raw[index + 1] as string;
      const known = this.fields.get(name);
      this.fields.set(name, known === undefined ? value : `${known}, ${value}`);
    }
  }

  get(name: string): string | null {
    return this.fields.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.fields.has(name.toLowerCase());
  }

  entries(): IterableIterator<[string, string]> {
    return [...this.fields].sort(([a], [b]) => a.localeCompare(b)).values();
  }
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
