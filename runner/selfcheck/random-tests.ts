// Which of an exercise's test files draw random inputs: those that call seededRandom()
// themselves or in a helper module of their own (tests/tasks/*.ts, tests/support/*.ts).
// Read from the sources, so a new randomised test is swept without being listed anywhere.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from '../course/exercise.js';
import { isInside, localImports } from './import-graph.js';

const DRAWS = /\bseededRandom\s*\(/;

export function randomTestFiles(exercise: Exercise): string[] {
  const testsDir = path.join(exercise.dir, 'tests');
  return exercise.testFiles.filter((file) => drawsRandomly(file, testsDir, new Set()));
}

function drawsRandomly(file: string, testsDir: string, seen: Set<string>): boolean {
  if (seen.has(file) || !existsSync(file)) return false;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  if (DRAWS.test(source)) return true;
  return localImports(file, source)
    .filter((imported) => isInside(testsDir, imported))
    .some((imported) => drawsRandomly(imported, testsDir, seen));
}
