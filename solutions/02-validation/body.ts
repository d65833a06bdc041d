// Reads a request body into plain data by its Content-Type, and binds it to a shape:
// only the fields the shape names get through (OWASP Mass Assignment Cheat Sheet),
// form text becomes numbers and booleans where the shape asks for them, and a body
// that cannot be read is an answer, never an exception.
import type { FieldError, FieldKind, Shape } from './types.js';

export type ParsedBody =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; reason: 'unsupported-media-type' | 'malformed'; detail: string }
  | { ok: false; reason: 'invalid'; errors: FieldError[] };

export const JSON_TYPE = 'application/json';
export const FORM_TYPE = 'application/x-www-form-urlencoded';
/** The media types parseBody reads, for an `Accept` header on a 415 answer. */
export const ACCEPTED_MEDIA_TYPES: readonly string[] = [JSON_TYPE, FORM_TYPE];

const UNKNOWN_FIELD = 'is not a field you can set';
const GROUP_NOT_FIELD = 'is a group of fields: send each of its fields by its full name';
const GIVEN_TWICE = 'must be given once';
const NOT_AN_OBJECT = 'must be a JSON object';
const NOT_JSON = 'the body is not valid JSON';
// Plain decimal notation only: Number() would also take '', ' 7 ', '0x1F' and '1e3'.
const DECIMAL = /^-?\d+(\.\d+)?$/;

type Fields = Record<string, unknown>;

export function parseBody(contentType: string | undefined, raw: string, shape: Shape): ParsedBody {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === JSON_TYPE) return parseJson(raw, shape);
  if (mediaType === FORM_TYPE) return parseForm(raw, shape);
  const detail = mediaType === '' ? 'the request has no Content-Type' : `${mediaType} is not a content type this endpoint reads`;
  return { ok: false, reason: 'unsupported-media-type', detail };
}

/** 'Application/JSON; charset=utf-8' → 'application/json' (media types are case-insensitive, RFC 9110 section 8.3.1). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function parseJson(raw: string, shape: Shape): ParsedBody {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'malformed', detail: NOT_JSON };
  }
  if (!isFields(data)) return { ok: false, reason: 'invalid', errors: [{ path: '', message: NOT_AN_OBJECT }] };
  const errors: FieldError[] = [];
  const value = bindJson(data, shape, '', errors);
  return errors.length > 0 ? { ok: false, reason: 'invalid', errors } : { ok: true, value };
}

// JSON already has numbers and booleans: values are copied as they are, and the
// validator says so if one has the wrong type. Only the names are checked here.
function bindJson(data: Fields, shape: Shape, prefix: string, errors: FieldError[]): Fields {
  const value: Fields = {};
  for (const [key, item] of Object.entries(data)) {
    const path = prefix + key;
    const kind = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (kind === undefined) errors.push({ path, message: UNKNOWN_FIELD });
    else value[key] = typeof kind === 'object' && isFields(item) ? bindJson(item, kind, `${path}.`, errors) : item;
  }
  return value;
}

// A form is flat text: 'address.postcode=SW1A+1AA'. Every name is checked against
// the shape before anything is stored, so '__proto__.isAdmin' never reaches an object.
function parseForm(raw: string, shape: Shape): ParsedBody {
  const value: Fields = {};
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const [name, text] of new URLSearchParams(raw)) {
    if (seen.has(name)) {
      errors.push({ path: name, message: GIVEN_TWICE });
      continue;
    }
    seen.add(name);
    const segments = name.split('.');
    const kind = kindAt(shape, segments);
    if (kind === undefined) errors.push({ path: name, message: UNKNOWN_FIELD });
    else if (typeof kind === 'object') errors.push({ path: name, message: GROUP_NOT_FIELD });
    else {
      const coerced = coerce(kind, text);
      if (coerced !== undefined) place(value, segments, coerced);
    }
  }
  return errors.length > 0 ? { ok: false, reason: 'invalid', errors } : { ok: true, value };
}

function kindAt(shape: Shape, segments: readonly string[]): FieldKind | Shape | undefined {
  let current: FieldKind | Shape = shape;
  for (const segment of segments) {
    if (typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/**
 * Text that is the kind asked for becomes that kind; other text stays text, so the
 * validator reports the field as it would for JSON. An empty number or boolean is
 * a field left blank: absent, not 0 and not false.
 */
function coerce(kind: FieldKind, text: string): unknown {
  if (kind === 'string') return text;
  if (text === '') return undefined;
  if (kind === 'number') return DECIMAL.test(text) ? Number(text) : text;
  if (text === 'true' || text === 'on') return true; // 'on' is what a checked checkbox sends
  if (text === 'false') return false;
  return text;
}

// Only called with names that kindAt has found in the shape.
function place(target: Fields, segments: readonly string[], value: unknown): void {
  let current = target;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    current = isFields(next) ? next : (current[segment] = {});
  }
  current[segments[segments.length - 1]] = value;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
