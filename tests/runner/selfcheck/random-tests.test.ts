import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exercise } from '../../../runner/course/exercise.js';
import { randomTestFiles } from '../../../runner/selfcheck/random-tests.js';

let dir: string;
const files: Record<string, string> = {
  'tests/draws.test.ts': "import { seededRandom } from '../../../runner/kit/random.js';\nconst rng = seededRandom();\n",
  'tests/through-a-task.test.ts': "import './tasks/listing.js';\n",
  'tests/tasks/listing.ts': "import { helper } from '../support/data.js';\n",
  'tests/support/data.ts': "import type { Random } from '../../../../runner/kit/random.js';\nexport const helper = (rng: Random) => rng.int(1, 2);\nconst r = seededRandom( );\n",
  'tests/fixed.test.ts': "import { greet } from '../src/greet.js';\nimport type { Random } from '../../../runner/kit/random.js';\n",
  'tests/cycle.test.ts': "import { a } from './support/a.js';\n",
  'tests/support/a.ts': "export { b } from './b.js';\nexport const a = 1;\n",
  'tests/support/b.ts': "export { a } from './a.js';\nexport const b = 2;\n",
  // Code under test that draws random numbers does not make a test file randomised.
  'tests/imports-src.test.ts': "import { shuffle } from '../src/shuffle.js';\n",
  'src/shuffle.ts': 'export const shuffle = () => seededRandom();\n',
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'katas-random-tests-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('randomTestFiles', () => {
  it('finds the test files that call seededRandom() themselves or in a helper module of their own, in the order of the manifest', () => {
    const tests = ['fixed.test.ts', 'draws.test.ts', 'cycle.test.ts', 'through-a-task.test.ts', 'imports-src.test.ts', 'missing.test.ts'].map((name) => path.join(dir, 'tests', name));
    const exercise = { dir, testFiles: tests } as Exercise;
    expect(randomTestFiles(exercise).map((file) => path.relative(dir, file))).toEqual([path.join('tests', 'draws.test.ts'), path.join('tests', 'through-a-task.test.ts')]);
  });
});
