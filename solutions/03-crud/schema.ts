// Task 1: the tables, with the rules the data must always keep written into the schema.
// A rule in the database holds for every writer: this code, a script, a colleague's psql.
import type { Database } from './db.js';

// IF NOT EXISTS: the migration can run at every start of the application.
// integer identities and timestamptz (an instant, not a wall-clock reading).
const MIGRATION = `
CREATE TABLE IF NOT EXISTS categories (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS products (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  name text NOT NULL CHECK (name <> ''),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  stock integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
  category_id integer NOT NULL REFERENCES categories (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orders (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_email text NOT NULL,
  total_cents integer NOT NULL CHECK (total_cents >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS order_lines (
  order_id integer NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  PRIMARY KEY (order_id, product_id)
);

-- Keyset pagination reads these in order (task 3); the foreign key needs its own index.
CREATE INDEX IF NOT EXISTS products_name_id ON products (name, id);
CREATE INDEX IF NOT EXISTS products_price_id ON products (price_cents, id);
CREATE INDEX IF NOT EXISTS products_category_id ON products (category_id);
`;

export async function migrate(db: Database): Promise<void> {
  await db.exec(MIGRATION);
}
