// Reading a request body: the media type is checked before a byte is parsed (415),
// and JSON that does not parse is the client's mistake (400), never a crash (500).
import type { IncomingMessage } from 'node:http';
import { plainProblem } from './reply.js';

/** Large enough for any book; a client cannot make the server buffer more than this. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The media type of the request without its parameters ("application/json; charset=utf-8" → "application/json"). */
export function mediaTypeOf(req: IncomingMessage): string | undefined {
  const header = req.headers['content-type'];
  if (header === undefined) return undefined;
  return header.split(';')[0]?.trim().toLowerCase();
}

/** 415 unless the request is sent as `expected`; `headers` tell the client what is accepted. */
export function requireMediaType(req: IncomingMessage, expected: string, headers: Record<string, string> = {}): void {
  const actual = mediaTypeOf(req);
  if (actual === expected) return;
  const detail = `send the body as ${expected}; this request says ${actual ?? 'nothing'}`;
  throw plainProblem(415, 'Unsupported Media Type', detail, headers);
}

export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw plainProblem(413, 'Content Too Large', `a body may be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw plainProblem(400, 'Bad Request', `the body is not valid JSON: ${(error as Error).message}`);
  }
}
