// Task 3: the migration that makes the shop's three queries use an index.
// Write plain SQL (CREATE INDEX statements) in the string below. See README.md, section 3.
export const migration = `
-- TODO: task 3 — write the CREATE INDEX statements the three queries need
`;
