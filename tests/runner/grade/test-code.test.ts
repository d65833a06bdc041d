// Exercism's test_code: the body of the test, found by its describe path.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testCodeReader } from '../../../runner/grade/test-code.js';

const dir = mkdtempSync(path.join(tmpdir(), 'katas-test-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = path.join(dir, 'x.test.ts');
writeFileSync(
  file,
  [
    "import { describe, expect, it, test } from 'vitest';",
    "describe('task 1: one', () => {",
    "  it('adds', () => {",
    '    const sum = 1 + 1;',
    '    expect(sum).toBe(2);',
    '  });',
    "  describe('nested', () => {",
    "    test.skip('adds', async function () {",
    '      expect(await Promise.resolve(3)).toBe(3);',
    '    });',
    '  });',
    "  it('short', () => expect(1).toBe(1));",
    "  it.each([1, 2])('each %i', (n) => { expect(n).toBeGreaterThan(0); });",
    '});',
    "describe('task 2: two', () => {",
    "  it('adds', () => { expect(2).toBe(2); });",
    '});',
  ].join('\n'),
);

const importing = path.join(dir, 'all.test.ts');
writeFileSync(importing, "import './tasks/one.js';\nimport { x } from 'vitest';\n");
mkdirSync(path.join(dir, 'tasks'));
writeFileSync(path.join(dir, 'tasks', 'one.ts'), "import { it, describe } from 'vitest';\nimport '../all.test.js';\ndescribe('task 3: three', () => {\n  it('imported', () => {\n    run();\n  });\n});\n");

describe('testCodeReader', () => {
  it('finds a test in a module the test file imports by a relative path, and does not loop on a cycle', () => {
    expect(testCodeReader()(importing, ['task 3: three', 'imported'])).toBe('run();');
    expect(testCodeReader()(importing, ['task 3: three', 'missing'])).toBeUndefined();
  });

  const read = testCodeReader();
  it('finds a test by its describe path, dedented, in nested blocks and with modifiers', () => {
    expect(read(file, ['task 1: one', 'adds'])).toBe('const sum = 1 + 1;\nexpect(sum).toBe(2);');
    expect(read(file, ['task 1: one', 'nested', 'adds'])).toBe('expect(await Promise.resolve(3)).toBe(3);');
    expect(read(file, ['task 2: two', 'adds'])).toBe('expect(2).toBe(2);');
    expect(read(file, ['task 1: one', 'short'])).toBe('expect(1).toBe(1)');
  });

  it('finds nothing for a name built at run time or a file that is not there', () => {
    expect(read(file, ['task 1: one', 'each 1'])).toBeUndefined();
    expect(read(path.join(dir, 'missing.test.ts'), ['a'])).toBeUndefined();
  });
});
