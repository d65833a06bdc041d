// A test file the learner deleted or emptied yields no test and no error: without a word,
// its tasks would just say "not run". Each is named with the command that restores it.
import { existsSync } from 'node:fs';
import type { Exercise } from '../course/exercise.js';
import { relativeToRoot } from '../paths.js';
import type { RunProblem, TestResult } from './results.js';

export const MISSING_TESTS = (file: string, exists: boolean, exerciseId: string) =>
  `${file} ${exists ? 'holds no tests' : 'is missing'}: the course's tests decide whether the exercise passes; npm run reset ${exerciseId.replace('exercise-', '')} -- --tests brings them back`;

/**
 * A problem for each test file that ran no test and raised nothing. When the whole run was
 * stopped (past its limit), the files it never reached ran nothing either: only a file
 * that is gone is named then, never one that "holds no tests".
 */
export function findMissingTests(root: string, exercise: Exercise, tests: readonly TestResult[], problems: readonly RunProblem[]): RunProblem[] {
  const stopped = problems.some((problem) => problem.kind === 'hang' && problem.wholeRun);
  return exercise.testFiles
    .map((file) => ({ absolute: file, shown: relativeToRoot(root, file), exists: existsSync(file) }))
    .filter(({ shown }) => !tests.some((test) => test.file === shown) && !problems.some((problem) => problem.file?.startsWith(shown)))
    .filter(({ exists }) => !(stopped && exists))
    .map(({ shown, exists }) => ({ kind: 'load', file: shown, message: MISSING_TESTS(shown, exists, exercise.id) }));
}
