// A copy of the sources (the reference solution, the starter) run on a seed of its own:
// one target per seed, with only the test files that draw random inputs, so that many
// seeds fit in one vitest run. Also the verdicts on such a target.
import { summariseTasks } from '../check/check-exercise.js';
import type { TargetOutcome } from '../check/test-collect.js';
import type { TestTarget } from '../check/test-run.js';
import type { Exercise } from '../course/exercise.js';
import { randomTestFiles } from './random-tests.js';

export type SeedVariant = 'solution' | 'starter';

export function seedTargetName(exercise: Exercise, variant: SeedVariant, seed: number): string {
  return `${exercise.folder}:${variant}:seed-${seed}`;
}

/**
 * No targets for an exercise whose tests draw nothing at random. `sources` is the variant
 * assembled (course/variants.ts): a folder that stands in for src/ as a whole.
 */
export function seedTargets(exercise: Exercise, variant: SeedVariant, seeds: readonly number[], sources: string): TestTarget[] {
  const testFiles = randomTestFiles(exercise);
  if (testFiles.length === 0) return [];
  return seeds.map((seed) => ({ name: seedTargetName(exercise, variant, seed), exercise: { ...exercise, testFiles }, sources, seed }));
}

/** What failed on the solution: each test that did not pass, each problem of the run. */
export function solutionFailures(outcome: TargetOutcome | undefined): string[] {
  if (!outcome || (outcome.tests.length === 0 && outcome.problems.length === 0)) return ['no test ran'];
  const tests = outcome.tests.filter((test) => test.state !== 'passed').map((test) => `${test.path.join(' › ')}: ${firstLine(test.failure?.message ?? test.state)}`);
  return [...tests, ...outcome.problems.map((problem) => `${problem.kind}: ${firstLine(problem.message)}`)];
}

/** The tasks that passed on the starter: each must fail until the learner writes code. */
export function starterPasses(exercise: Exercise, outcome: TargetOutcome | undefined): string[] {
  if (!outcome || outcome.problems.length > 0) return [];
  return summariseTasks(exercise, outcome.tests)
    .filter((task) => task.total > 0 && task.passed === task.total)
    .map((task) => `task ${task.number} passes (${task.total} tests)`);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
