// Given: the errors your functions throw. Callers (an HTTP layer, a job) decide what to do
// with each by its class, never by parsing a database message. Nothing to write here.

/** The write would break a uniqueness or reference rule: HTTP would answer 409 Conflict. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/**
 * The row changed since the caller read it (its version moved on): reload and try again.
 * HTTP would answer 409 Conflict, or 412 Precondition Failed behind an If-Match header.
 */
export class VersionConflictError extends ConflictError {
  override name = 'VersionConflictError';
  constructor(
    readonly productId: number,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`product ${productId} is at version ${currentVersion}, not ${expectedVersion}: it changed since it was read`);
  }
}

/** An order asked for more of a product than is in stock (or for a product that does not exist). */
export class OutOfStockError extends Error {
  override name = 'OutOfStockError';
  constructor(readonly productId: number) {
    super(`product ${productId} does not have enough stock for this order`);
  }
}

/** A listing was asked for with a sort, direction, limit or cursor that is not allowed. */
export class InvalidListOptionsError extends Error {
  override name = 'InvalidListOptionsError';
}
