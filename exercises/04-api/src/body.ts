// Reading a request body: check the media type before parsing a byte (415), and
// treat JSON that does not parse as the client's mistake (400), never a crash (500).
import type { IncomingMessage } from 'node:http';

/** Large enough for any book; a client cannot make the server buffer more than this. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The media type of the request without its parameters ("application/json; charset=utf-8" → "application/json"). */
export function mediaTypeOf(req: IncomingMessage): string | undefined {
  throw new Error('TODO: task 1 — read the Content-Type header, without its parameters, in lower case');
}

/** 415 unless the request is sent as `expected`; `headers` tell the client what is accepted. */
export function requireMediaType(req: IncomingMessage, expected: string, headers: Record<string, string> = {}): void {
  throw new Error('TODO: task 1 — throw a 415 problem unless the request is sent as the expected media type');
}

export async function readText(req: IncomingMessage): Promise<string> {
  throw new Error('TODO: task 1 — collect the request body as UTF-8 text, refusing more than MAX_BODY_BYTES');
}

export function parseJson(text: string): unknown {
  throw new Error('TODO: task 1 — parse the text as JSON, throwing a 400 problem when it does not parse');
}
