import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exercise } from '../../../runner/course/exercise.js';
import { testFilesReaching } from '../../../runner/selfcheck/import-graph.js';

let dir: string;
const files: Record<string, string> = {
  'ex/tests/greet.test.ts': "import { greet } from '../src/greet.js';\n",
  'ex/tests/shout.test.ts': "import { startShouting } from './support/serve.js';\n",
  'ex/tests/support/serve.ts': "export { shout as startShouting } from '../../src/shout.js';\n",
  'ex/tests/suite.test.ts': "import { suiteFile } from '../src/where.js';\n",
  'ex/tests/cycle.test.ts': "import { a } from './support/a.js';\n",
  'ex/tests/support/a.ts': "export { b } from './b.js';\nexport const a = 1;\n",
  'ex/tests/support/b.ts': "export { a } from './a.js';\nexport const b = 2;\n",
  // The copy under test (a mutant) stands in for src/: the walk follows its imports.
  'copy/greet.ts': 'export const greet = (name: string) => name;\n',
  'copy/shout.ts': "import { greet } from './greet.js';\nexport const shout = (name: string) => greet(name).toUpperCase();\n",
  'copy/where.ts': "export const suiteFile = new URL('./suite.spec.ts', import.meta.url).pathname;\n",
  'copy/suite.spec.ts': 'export {};\n',
  'copy/unused.ts': 'export const unused = 1;\n',
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'katas-import-graph-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reaching(changed: string[]): string[] {
  const testFiles = ['greet', 'shout', 'suite', 'cycle'].map((name) => path.join(dir, 'ex', 'tests', `${name}.test.ts`));
  const exercise = { dir: path.join(dir, 'ex'), srcDir: path.join(dir, 'ex', 'src'), testFiles } as Exercise;
  return testFilesReaching(exercise, path.join(dir, 'copy'), changed).map((file) => path.basename(file));
}

describe('testFilesReaching', () => {
  it('finds the test files that import a file directly, through a helper or through another source file', () => {
    expect(reaching(['greet.ts'])).toEqual(['greet.test.ts', 'shout.test.ts']);
    expect(reaching(['shout.ts'])).toEqual(['shout.test.ts']);
  });

  it('follows a relative path a module names (a file a child process runs)', () => {
    expect(reaching(['suite.spec.ts'])).toEqual(['suite.test.ts']);
  });

  it('runs every test file for a file no test file reaches: it may be found by means the walk cannot see', () => {
    expect(reaching(['unused.ts'])).toEqual(['greet.test.ts', 'shout.test.ts', 'suite.test.ts', 'cycle.test.ts']);
  });
});
