// HTTP/1.1 over a bare TCP connection, the way a keep-alive client holds one open:
// the tests need to see what fetch hides — whether a connection is refused, kept
// alive or closed by the server, and the exact Connection header of a response.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The response as it came, for failure messages. */
  raw: string;
}

export interface RawConnection {
  /** Writes `GET <path>` (HTTP/1.1, so kept alive unless someone says otherwise). */
  send: (path: string) => void;
  /** Writes raw bytes, for a request sent in pieces. */
  write: (text: string) => void;
  /** The next whole response on this connection; rejects if the connection ends first. */
  response: () => Promise<RawResponse>;
  /** Resolves once the connection is closed, by either side. */
  closed: Promise<void>;
  isClosed: () => boolean;
  /** What arrived since the last whole response (for failure messages). */
  pending: () => string;
  destroy: () => void;
}

export type Dialled = { ok: true; connection: RawConnection } | { ok: false; code: string };

/** Opens a connection; a refusal (or any error before connecting) is an answer, not a throw. */
export function dial(port: number, host = '127.0.0.1'): Promise<Dialled> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    const refused = (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code ?? error.message });
    socket.once('error', refused);
    socket.once('connect', () => {
      socket.off('error', refused);
      resolve({ ok: true, connection: wrap(socket, port) });
    });
  });
}

function wrap(socket: Socket, port: number): RawConnection {
  let buffer = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | undefined;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined); // a reset is seen as the close that follows it
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake?.();
  });
  void closed.then(() => {
    ended = true;
    wake?.();
  });

  const response = async (): Promise<RawResponse> => {
    for (;;) {
      const parsed = parse(buffer, ended);
      if (parsed) {
        buffer = buffer.subarray(parsed.length);
        return parsed.response;
      }
      if (ended) throw new Error(buffer.length === 0 ? 'the connection was closed without a response' : `the connection was closed in the middle of a response: ${JSON.stringify(buffer.toString('utf8').slice(0, 300))}`);
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  return {
    send: (path) => void socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
    write: (text) => void socket.write(text),
    response,
    closed,
    isClosed: () => ended,
    pending: () => buffer.toString('utf8'),
    destroy: () => void socket.destroy(),
  };
}

/** One response from the start of `data`, or undefined while it is incomplete. */
function parse(data: Buffer, ended: boolean): { response: RawResponse; length: number } | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const start = end + 4;
  const declared = headers['content-length'];
  // Without a length the body runs to the end of the connection.
  const length = declared === undefined ? (ended ? data.length - start : undefined) : Number(declared);
  if (length === undefined || data.length < start + length) return undefined;
  const body = data.subarray(start, start + length).toString('utf8');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  return { response: { status, headers, body, raw: data.subarray(0, start + length).toString('utf8') }, length: start + length };
}

/** A response cut to a readable size, indented for a failure message. */
export function showResponse(response: RawResponse): string {
  const text = response.raw.length > 600 ? `${response.raw.slice(0, 600)}…` : response.raw;
  return `    ${text.trimEnd().replace(/\r\n/g, '\n    ')}`;
}
