// A temporary copy of the course with some of its exercises: the runner and configs,
// the exercises' folders, and the installed node_modules linked rather than copied.
// The benchmark edits files in one, and the end-to-end tests run the CLI in them.
import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SHARED = ['package.json', 'package-lock.json', 'tsconfig.json', 'vitest.config.ts', 'runner'];

/** `from` holds exercises/, solutions/ and tests/mutants/ (the repository or a fixture course). */
export function makeCourseCopy(root: string, from: string, folders: readonly string[]): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'katas-copy-'));
  for (const item of SHARED) cpSync(path.join(root, item), path.join(copy, item), { recursive: true });
  for (const folder of folders) {
    for (const part of ['exercises', 'solutions', path.join('tests', 'mutants')]) {
      const source = path.join(from, part, folder);
      if (existsSync(source)) cpSync(source, path.join(copy, part, folder), { recursive: true });
    }
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'junction');
  // The compiled runner, timestamps kept, so the copy does not compile it again.
  const compiled = path.join(root, '.katas', 'runner');
  if (existsSync(compiled)) cpSync(compiled, path.join(copy, '.katas', 'runner'), { recursive: true, preserveTimestamps: true });
  return copy;
}
