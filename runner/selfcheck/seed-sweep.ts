// `selfcheck --seeds N`: the reference solution and the starter of each exercise on many
// seeds, with only its randomised test files. A randomised test must draw only inputs
// for which its rule holds: the solution passes on every seed, the starter never does.
// Seeds run a few dozen targets at a time, each target on a seed of its own.
import { notJudged } from './not-judged.js';
import { runSettled } from '../sandbox/run-settled.js';
import type { TargetOutcome } from '../check/test-collect.js';
import type { Exercise } from '../course/exercise.js';
import { assembledVariant } from '../course/variants.js';
import { relativeToRoot } from '../paths.js';
import { randomTestFiles } from './random-tests.js';
import { seedTargetName, seedTargets, solutionFailures, starterPasses, type SeedVariant } from './seed-targets.js';
import type { ExerciseSeedSweep, SeedBreak, SeedSweepReport } from './types.js';

/** Enough targets to keep the workers busy, few enough that one run's memory stays small. */
const TARGETS_PER_RUN = 24;
const SWEEP_GRACE_MS = 15_000;
const VARIANTS: readonly SeedVariant[] = ['solution', 'starter'];

export async function sweepSeeds(
  root: string,
  exercises: readonly Exercise[],
  seeds: readonly number[],
  onProgress?: (done: number, total: number) => void,
): Promise<SeedSweepReport> {
  const started = Date.now();
  const targets = exercises.flatMap((exercise) => VARIANTS.flatMap((variant) => seedTargets(exercise, variant, seeds, assembledVariant(root, exercise, variant))));
  const outcomes = new Map<string, TargetOutcome>();
  for (let first = 0; first < targets.length; first += TARGETS_PER_RUN) {
    const found = await runSettled(root, targets.slice(first, first + TARGETS_PER_RUN), { graceMs: SWEEP_GRACE_MS });
    for (const [name, outcome] of found) outcomes.set(name, outcome);
    onProgress?.(Math.min(first + TARGETS_PER_RUN, targets.length), targets.length);
  }
  const results = exercises.map((exercise) => judgeSeeds(root, exercise, seeds, outcomes));
  const stalls = notJudged(outcomes);
  return { seeds: [...seeds], exercises: results, stalls, ok: stalls.length === 0 && results.every((result) => result.ok), durationMs: Date.now() - started };
}

function judgeSeeds(root: string, exercise: Exercise, seeds: readonly number[], outcomes: Map<string, TargetOutcome>): ExerciseSeedSweep {
  const files = randomTestFiles(exercise).map((file) => relativeToRoot(root, file));
  const breaks = files.length === 0 ? [] : seeds.flatMap((seed) => breaksOn(exercise, seed, outcomes));
  return { id: exercise.id, slug: exercise.slug, folder: exercise.folder, files, breaks, ok: breaks.length === 0 };
}

function breaksOn(exercise: Exercise, seed: number, outcomes: Map<string, TargetOutcome>): SeedBreak[] {
  const solution = solutionFailures(outcomes.get(seedTargetName(exercise, 'solution', seed)));
  const starter = starterPasses(exercise, outcomes.get(seedTargetName(exercise, 'starter', seed)));
  return [
    ...(solution.length > 0 ? [{ seed, variant: 'solution' as const, findings: solution }] : []),
    ...(starter.length > 0 ? [{ seed, variant: 'starter' as const, findings: starter }] : []),
  ];
}


