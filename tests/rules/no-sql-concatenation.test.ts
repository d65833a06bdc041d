import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { noSqlConcatenation } from '../../runner/rules/no-sql-concatenation.js';

// As the runner builds it: no lib, files checked one by one (imports still resolve).
const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { noLib: true, strict: true } });
let count = 0;

const DB = `interface Db { query(text: string, params?: unknown[]): Promise<unknown>; exec(script: string): Promise<void> }\n`;

function findingsIn(code: string) {
  count += 1;
  return noSqlConcatenation.check(project.createSourceFile(`/src/query-${count}.ts`, DB + code));
}

describe('no-sql-concatenation', () => {
  it.each([
    ["'SELECT ' + x", `export const q = (db: Db, x: string) => db.query('SELECT ' + x + ' FROM products');`],
    ['a value concatenated into a WHERE', `export const q = (db: Db, id: string) => db.query('SELECT * FROM products WHERE id = ' + id);`],
    ['query(`...${id}`)', 'export const q = (db: Db, id: number) => db.query(`SELECT * FROM products WHERE id = ${id}`);'],
    ['a template with ${} kept in a const first', 'export function q(db: Db, name: string) {\n  const text = `INSERT INTO products (name) VALUES (\'${name}\')`;\n  return db.query(text);\n}'],
    ['a template passed in a config object', 'export const q = (db: Db, id: number) => db.query({ text: `DELETE FROM products WHERE id = ${id}` } as never);'],
    ['a sort column taken from input', 'export const q = (db: Db, sort: string) => db.query(`SELECT * FROM products ORDER BY ${sort}`);'],
    ['a sort column from input, cast to a literal type', "export const q = (db: Db, sort: string) => db.query(`SELECT * FROM products ORDER BY ${sort as 'name'}`);"],
    ['SQL built with +=', "export function q(db: Db, id: string) {\n  let text = 'SELECT * FROM products';\n  text += ' WHERE id = ' + id;\n  return db.query(text);\n}"],
    ['a builder function that concatenates', "function where(id: string) { return 'SELECT * FROM products WHERE id = ' + id; }\nexport const q = (db: Db, id: string) => db.query(where(id));"],
    ['fragments joined at the query site', "export const q = (db: Db, id: string) => db.query(['SELECT * FROM t WHERE id =', id].join(' '));"],
    ['a parameter typed as a union of column names (a type is no proof)', "export const q = (db: Db, sort: 'name' | 'price_cents') => db.query(`SELECT * FROM products ORDER BY ${sort}`);"],
    ['an entry of a table filled from input, kept in a const, then read', "export function q(db: Db, key: string, input: string) {\n  const STATEMENTS = { name: { first: 'SELECT * FROM t ORDER BY ' + input } };\n  const statement = STATEMENTS[key as 'name']!;\n  return db.query(statement.first);\n}"],
    ['a table lookup that falls back to the input', "const SORTS = { name: 'name' } as const;\nexport function q(db: Db, sort: string) {\n  const column = SORTS[sort as 'name'] ?? sort;\n  return db.query(`SELECT * FROM products ORDER BY ${column}`);\n}"],
    ['a statement from a Map whose values come from input', "export function q(db: Db, sort: string, input: string) {\n  const LISTINGS = new Map([['name', 'SELECT * FROM t ORDER BY ' + input]]);\n  return db.query(LISTINGS.get(sort) ?? '');\n}"],
    ['a for ... of over statements built from input', "export async function migrate(db: Db, table: string) {\n  const steps = [`CREATE TABLE ${table} (id serial)`];\n  for (const statement of steps) await db.exec(statement);\n}"],
    ['a for ... of over a let array that may have changed', "let steps = ['CREATE TABLE t (id serial)'];\nexport function add(step: string) { steps = [step]; }\nexport async function migrate(db: Db) {\n  for (const statement of steps) await db.exec(statement);\n}"],
    ['a .get() of a const Map of literals that is changed later', "const LISTINGS = new Map([['name', 'SELECT * FROM t ORDER BY name']]);\nexport function register(key: string, text: string) { LISTINGS.set(key, text); }\nexport const q = (db: Db, sort: string) => db.query(LISTINGS.get(sort) ?? '');"],
    ['a for ... of over a const array of literals that is pushed to later', "const STEPS = ['CREATE TABLE t (id serial)'];\nexport function add(step: string) { STEPS.push(step); }\nexport async function migrate(db: Db) {\n  for (const statement of STEPS) await db.exec(statement);\n}"],
    ['a .get() of a Map filled later from input', "const LISTINGS = new Map<string, string>();\nexport function register(key: string, text: string) { LISTINGS.set(key, text); }\nexport const q = (db: Db, sort: string) => db.query(LISTINGS.get(sort) ?? '');"],
    ['a migration built from input', 'export const q = (db: Db, table: string) => db.exec(`CREATE TABLE ${table} (id integer)`);'],
  ])('flags %s', (_name, code) => {
    const findings = findingsIn(code);
    expect(findings.length, JSON.stringify(findings)).toBeGreaterThanOrEqual(1);
  });

  it('reports the line of the part that comes from input, and what it is', () => {
    const findings = findingsIn("export function q(db: Db, id: string) {\n  return db.query(\n    'SELECT * FROM products WHERE id = ' +\n      id,\n  );\n}");
    expect(findings.map((finding) => finding.line)).toEqual([5]);
    expect(findings[0]?.message).toMatch(/built from `id`/);
  });

  it.each([
    ['a constant string', "export const q = (db: Db) => db.query('SELECT id, name FROM products');"],
    ['a constant template literal', 'export const q = (db: Db) => db.query(`\n  SELECT id, name\n  FROM products\n  ORDER BY name`);'],
    ['a parameterised $1 query', "export const q = (db: Db, id: number) => db.query('SELECT * FROM products WHERE id = $1', [id]);"],
    ['a parameterised template with the values in params', 'export const q = (db: Db, name: string, id: number) => db.query(`UPDATE products SET name = $2 WHERE id = $1`, [id, name]);'],
    ['constants composed from constants', "const COLUMNS = 'id, name';\nconst SELECT = `SELECT ${COLUMNS} FROM products`;\nexport const q = (db: Db, id: number) => db.query(SELECT + ' WHERE id = $1', [id]);"],
    [
      'a column picked from a constant allow-list',
      "const SORTS = { name: 'name', price: 'price_cents' } as const;\nexport function q(db: Db, key: keyof typeof SORTS) {\n  const column = SORTS[key];\n  return db.query(`SELECT * FROM products ORDER BY ${column}, id`);\n}",
    ],
    [
      'directions destructured from a constant table',
      "const DIRECTIONS = { asc: { order: 'ASC', after: '>' }, desc: { order: 'DESC', after: '<' } };\nexport function q(db: Db, d: 'asc' | 'desc') {\n  const { order, after } = DIRECTIONS[d];\n  return db.query(`SELECT * FROM t WHERE (name, id) ${after} ($1, $2) ORDER BY name ${order}`);\n}",
    ],
    [
      'an entry of a constant table kept in a const, then read (with a non-null assertion)',
      "const STATEMENTS: Record<string, { first: string; after: string }> = {\n  'name:asc': { first: 'SELECT * FROM t ORDER BY name, id LIMIT $1', after: 'SELECT * FROM t WHERE (name, id) > ($2, $3) ORDER BY name, id LIMIT $1' },\n};\nexport function q(db: Db, key: string, more: boolean) {\n  const statement = STATEMENTS[key]!;\n  return db.query(more ? statement.after : STATEMENTS[key]!.first, [20]);\n}",
    ],
    ['an enum member', "enum Column { Name = 'name', Price = 'price_cents' }\nexport const q = (db: Db) => db.query(`SELECT * FROM products ORDER BY ${Column.Price}`);"],
    ['a local function that returns only constants', "function pageQuery(desc: boolean) { return desc ? 'SELECT * FROM t ORDER BY id DESC' : 'SELECT * FROM t ORDER BY id'; }\nexport const q = (db: Db, desc: boolean) => db.query(pageQuery(desc));"],
    ['a wrapper that passes its own parameter on', 'export const run = (db: Db, text: string, params: unknown[]) => db.query(text, params);'],
    ['a message that is no SQL', 'export const message = (id: number) => `product ${id} was not found`;'],
    [
      'a statement looked up in a const Map of literals after an allow-list check',
      "const LISTINGS = new Map([\n  ['name', 'SELECT * FROM products ORDER BY name, id LIMIT $1'],\n  ['price', 'SELECT * FROM products ORDER BY price_cents, id LIMIT $1'],\n]);\nexport function q(db: Db, sort: string, limit: number) {\n  const text = LISTINGS.get(sort);\n  if (text === undefined) throw new Error('unknown sort');\n  return db.query(text, [limit]);\n}",
    ],
    [
      'a for ... of over a const array of literal statements',
      "const MIGRATIONS = [\n  'CREATE TABLE products (id serial PRIMARY KEY)',\n  'CREATE INDEX products_name ON products (name)',\n] as const;\nexport async function migrate(db: Db) {\n  for (const statement of MIGRATIONS) await db.exec(statement);\n}",
    ],
    ['a for ... of over a const Map of literal statements', "const STEPS = new Map([['products', 'CREATE TABLE products (id serial)']]);\nexport async function migrate(db: Db) {\n  for (const [, statement] of STEPS) await db.exec(statement);\n}"],
    ['a tagged template (the tag parameterises it)', 'declare function sql(parts: TemplateStringsArray, ...values: unknown[]): string;\nexport const q = (id: number) => sql`SELECT * FROM t WHERE id = ${id}`;'],
  ])('accepts %s', (_name, code) => {
    expect(findingsIn(code)).toEqual([]);
  });

  it('follows a constant imported from another file', () => {
    project.createSourceFile('/src/columns.ts', "export const PRODUCT_COLUMNS = 'id, name, price_cents';");
    const findings = findingsIn("import { PRODUCT_COLUMNS } from './columns.js';\nexport const q = (db: Db) => db.query(`SELECT ${PRODUCT_COLUMNS} FROM products`);");
    expect(findings).toEqual([]);
  });
});
