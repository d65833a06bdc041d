// Each copy of the sources the self-check runs (the starter, the solution, a mutant) gets
// a folder of its own with the exercise's folder copied around it: .katas/selfcheck.<folder>.
// <variant>/{src,tests,...}. Every test file then has a path of its own, so the copies can
// share test threads (a thread runs file after file, and a module it has loaded for one
// copy is never the module of another), where a thread per file costs a third of a second
// before the first test. The folder sits two levels under the repository, as the
// exercise's own does, so the tests' relative imports (../src, ../../../runner/kit) and
// the paths they build from import.meta.url resolve as they do in exercises/.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from '../course/exercise.js';

const PREFIX = 'selfcheck.';

function copyDir(root: string, exercise: Pick<Exercise, 'folder'>, variant: string): string {
  return path.join(root, '.katas', `${PREFIX}${exercise.folder}.${variant}`);
}

/**
 * A fresh copy of the exercise's folder (its tests, their helpers and data) with an empty
 * src/, which `fill` writes. Returns the exercise as seen from the copy: its src/ and test
 * files are the copy's.
 */
export function makeCopy(root: string, exercise: Exercise, variant: string, fill: (srcDir: string) => void): Exercise {
  const dir = copyDir(root, exercise, variant);
  rmSync(dir, { recursive: true, force: true });
  cpSync(exercise.dir, dir, { recursive: true, filter: (source) => ![exercise.srcDir, exercise.starterDir].includes(path.resolve(source)) });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  fill(path.join(dir, 'src'));
  return copiedExercise(exercise, dir);
}

/** The exercise with its folder, src/ and test files moved to `dir`. */
function copiedExercise(exercise: Exercise, dir: string): Exercise {
  const moved = (file: string) => path.join(dir, path.relative(exercise.dir, file));
  return { ...exercise, dir, srcDir: path.join(dir, 'src'), testFiles: exercise.testFiles.map(moved) };
}

/** Every copy a self-check made, in this repository: the next run makes its own. */
export function removeCopies(root: string): void {
  const parent = path.join(root, '.katas');
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names.filter((entry) => entry.startsWith(PREFIX))) rmSync(path.join(parent, name), { recursive: true, force: true });
}
