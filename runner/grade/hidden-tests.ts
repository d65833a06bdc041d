// An instructor's hidden tests: `<folder>/NN-slug/*.test.ts`, kept outside the learner's
// repository, copied into the grading copy as exercises/NN-slug/tests/hidden/ and added
// to that exercise's test files. They import the learner's code as '../../src/x.js' and
// count under their `describe('task N: ...')` like every other test.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../commands/types.js';
import { MANIFEST } from '../course/discover.js';
import { GRADE_USAGE_ERRORS } from './messages.js';

export const HIDDEN_FOLDER = 'hidden';

/** Copies the hidden tests in and returns them relative to the repository, with forward slashes. */
export function addHiddenTests(copyRoot: string, hiddenDir: string, folders: readonly string[]): string[] {
  if (!existsSync(hiddenDir) || !statSync(hiddenDir).isDirectory()) throw new UsageError(GRADE_USAGE_ERRORS.noSuchFolder('--hidden', hiddenDir));
  const added: string[] = [];
  for (const entry of readdirSync(hiddenDir, { withFileTypes: true }).filter((item) => item.isDirectory())) {
    if (!folders.includes(entry.name)) throw new UsageError(GRADE_USAGE_ERRORS.unknownHiddenFolder(entry.name, folders.join(', ')));
    const exerciseDir = path.join(copyRoot, 'exercises', entry.name);
    const target = path.join(exerciseDir, 'tests', HIDDEN_FOLDER);
    cpSync(path.join(hiddenDir, entry.name), target, { recursive: true });
    const tests = listTestFiles(target).map((file) => `tests/${HIDDEN_FOLDER}/${file}`);
    addToManifest(path.join(exerciseDir, MANIFEST), tests);
    added.push(...tests.map((file) => `exercises/${entry.name}/${file}`));
  }
  return added;
}

/** Whether a test file (relative to the repository) is one of the instructor's hidden tests. */
export function isHiddenTest(file: string): boolean {
  return /^exercises\/[^/]+\/tests\/hidden\//.test(file);
}

function listTestFiles(dir: string, relative = ''): string[] {
  return readdirSync(path.join(dir, relative), { withFileTypes: true })
    .flatMap((entry) => {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listTestFiles(dir, child);
      return entry.name.endsWith('.test.ts') ? [child] : [];
    })
    .sort();
}

/** The grading copy's manifest only: the learner's repository is never written to. */
function addToManifest(manifestFile: string, tests: readonly string[]): void {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { tests?: string[] };
  manifest.tests = [...(manifest.tests ?? []), ...tests];
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
}
