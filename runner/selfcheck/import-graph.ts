// Which test files can see a change to a source file: those that import it, directly or
// through other modules (a helper under tests/, another source file). Read from the
// sources' import specifiers and relative path literals (new URL('./x.ts', import.meta.url)
// names a file a child process runs), so a new test file or helper needs no listing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from '../course/exercise.js';

const LOCAL_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
const RELATIVE_PATH = /['"`](\.{1,2}\/[^'"`\s]+)['"`]/g;

/** `./support/x.js` as the TypeScript file it names. */
export function localImports(file: string, source: string): string[] {
  return specifiers(file, source, LOCAL_IMPORT).map(asTypeScript);
}

/**
 * The test files of `exercise` that reach one of `changed` (paths relative to `sourcesDir`,
 * the copy of src/ under test). Every test file when none does: a file found by other
 * means (a name built at run time) must never go untested.
 */
export function testFilesReaching(exercise: Exercise, sourcesDir: string, changed: readonly string[]): string[] {
  const wanted = new Set(changed.map((file) => path.resolve(sourcesDir, file)));
  const reaching = exercise.testFiles.filter((testFile) => [...reachableFrom(testFile, exercise, sourcesDir)].some((file) => wanted.has(file)));
  return reaching.length > 0 ? reaching : [...exercise.testFiles];
}

/** Every file of the exercise's tests and of the sources under test that `start` reaches. */
export function reachableFrom(start: string, exercise: Exercise, sourcesDir: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file) || !isFile(file)) continue;
    seen.add(file);
    for (const referenced of references(file)) {
      const local = asTypeScript(redirected(referenced, exercise.srcDir, sourcesDir));
      if (isInside(exercise.dir, local) || isInside(sourcesDir, local)) queue.push(local);
    }
  }
  return seen;
}

/** Files a module names by a relative path, as written (`.js` for a TypeScript file): its imports and path literals. */
function references(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...new Set([...specifiers(file, source, LOCAL_IMPORT), ...specifiers(file, source, RELATIVE_PATH)])];
}

function specifiers(file: string, source: string, pattern: RegExp): string[] {
  return [...source.matchAll(pattern)].map((match) => path.resolve(path.dirname(file), match[1] ?? ''));
}

/** The test files import src/; the run swaps in another copy, so the walk follows it there. */
function redirected(file: string, srcDir: string, sourcesDir: string): string {
  return isInside(srcDir, file) ? path.join(sourcesDir, path.relative(srcDir, file)) : file;
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

function asTypeScript(file: string): string {
  const typescript = file.replace(/\.js$/, '.ts');
  return existsSync(typescript) ? typescript : file;
}

export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
