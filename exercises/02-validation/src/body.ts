// Reads a request body into plain data by its Content-Type, and binds it to a shape:
// only the fields the shape names get through, form text becomes numbers and booleans
// where the shape asks for them, and a body that cannot be read is an answer, never an
// exception. README.md, task 2, has the rules.
import type { FieldError, Shape } from './types.js';

export type ParsedBody =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; reason: 'unsupported-media-type' | 'malformed'; detail: string }
  | { ok: false; reason: 'invalid'; errors: FieldError[] };

export const JSON_TYPE = 'application/json';
export const FORM_TYPE = 'application/x-www-form-urlencoded';
/** The media types parseBody reads, for an `Accept` header on a 415 answer. */
export const ACCEPTED_MEDIA_TYPES: readonly string[] = [JSON_TYPE, FORM_TYPE];

export function parseBody(contentType: string | undefined, raw: string, shape: Shape): ParsedBody {
  throw new Error('TODO: task 2 — read the body as JSON or as a form by its content type, and let through only the fields the shape names');
}
