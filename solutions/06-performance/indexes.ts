// Task 3: the migration that makes the shop's three queries use an index.
// It is plain SQL, run once against the database as a migration tool would.
export const migration = `
-- A customer's latest orders (WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 10).
-- The column compared with = comes first: it takes the scan straight to this customer's
-- entries, which are already in created_at order, so the newest ten are read and
-- nothing is sorted. The other way round, (created_at, customer_id), walks every
-- customer's orders from the newest back until it has found ten of this one's.
CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);

-- The oldest pending orders (WHERE status = 'pending' ORDER BY created_at LIMIT 20).
-- A partial index holds only the pending rows: a few hundred entries instead of 50,000,
-- in created_at order. It stays small as shipped orders pile up, and writes to
-- orders that are not pending never touch it.
CREATE INDEX orders_pending_created_at_idx ON orders (created_at) WHERE status = 'pending';

-- A customer by email, whatever its case (WHERE lower(email) = lower($1)).
-- An index on email cannot answer a condition on lower(email): index the expression
-- itself. UNIQUE also stops two accounts whose emails differ only in case.
CREATE UNIQUE INDEX customers_lower_email_idx ON customers (lower(email));
`;
