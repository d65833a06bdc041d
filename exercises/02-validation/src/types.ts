// The types that the validator, the body parser and the endpoint share. Nothing to
// write here: read it first, the other files are built on it.

/** One problem with one field. */
export interface FieldError {
  /** The field, its parents first, joined by dots: 'email', 'address.postcode'; '' is the whole input. */
  path: string;
  /** What is wrong, for a person: 'is required', 'must be an e-mail address'. */
  message: string;
}

/** A valid, normalised value, or every problem found: never half of each. */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** The type a field's value must have once the body is read. */
export type FieldKind = 'string' | 'number' | 'boolean';

/** The fields a body may carry: a kind for a field, a nested shape for a group of fields. */
export interface Shape {
  readonly [field: string]: FieldKind | Shape;
}
