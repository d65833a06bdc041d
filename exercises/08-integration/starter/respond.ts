// Given code (nothing to do here): small helpers the notes routes and the app share.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Writes a JSON response with an exact length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  writeBody(res, status, 'application/json', JSON.stringify(body), headers);
}

/** Writes an RFC 9457 problem details response. */
export function sendProblem(res: ServerResponse, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  const body = { type: 'about:blank', title, status, detail, ...extra };
  writeBody(res, status, 'application/problem+json', JSON.stringify(body), {});
}

export class BodyTooLargeError extends Error {}

/** Reads a request body as text, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(`body larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function writeBody(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string>): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
