// `npm test`'s proof that every exercise meets the bar, with the test files the learner
// runs: the starter fails every task, the solution passes everything, every mutant is
// caught. All variants of all exercises run in one vitest run, side by side, longest
// test files first. The solution's randomised test files also run on a few more seeds
// than the run's own, so that over many runs a seed on which it fails turns up. A mutant
// only needs to be caught once: the static rules run first, and a mutant runs only what
// can still catch it (mutant-targets.ts), unless --all-tests asks for every killer. Each
// run has a copy of its exercise (copies.ts), and the copies share test threads; with
// --all-tests every test file runs in a fresh thread, as `npm run check` runs them.
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { RuleViolation, TypeDiagnostic } from '../check/results.js';
import { runStaticRules } from '../check/static-rules.js';
import { summariseTasks } from '../check/check-exercise.js';
import { runEstimateKey, runSeed, testFileKey, type RunOptions, type TestTarget } from '../check/test-run.js';
import { runSettled } from '../sandbox/run-settled.js';
import type { TargetOutcome } from '../check/test-collect.js';
import { typecheck } from '../check/typecheck.js';
import type { Exercise } from '../course/exercise.js';
import { assembledVariant, assembleVariant, sourceNames, sourceOf, type Variant } from '../course/variants.js';
import { relativeToRoot } from '../paths.js';
import { readDurations, writeDurations, type Durations } from './durations.js';
import { readKillers, writeKillers, type Killers } from './killers.js';
import { caughtDir, firstWave, killerOf, mutantRuns, mutantTargetName, secondWave, withMarkedFailures, type MutantRun } from './mutant-targets.js';
import { materialiseMutants, type Mutant } from './mutants.js';
import { drawSeeds } from './seed-list.js';
import { seedTargets, solutionFailures } from './seed-targets.js';
import { notJudged } from './not-judged.js';
import { checkRuleTrace } from './rule-trace.js';
import { checkStructure } from './structure.js';
import { makeCopy, removeCopies } from './copies.js';
import { kitFingerprint } from './fingerprint.js';
import { boundModuleCache } from './module-cache.js';
import type { ExerciseSelfCheck, MutantResult, SelfCheckReport } from './types.js';

interface Plan {
  exercise: Exercise;
  /** The starter and the solution, each assembled from the files' roles into a folder that stands in for src/. */
  sources: Record<Variant, string>;
  mutants: Mutant[];
  mutantErrors: string[];
  /** The starter and the solution as the tests run them. */
  fixed: Record<Variant, TestTarget>;
  /** The solution on the extra seeds (none when no test draws random inputs). */
  extraSeeds: TestTarget[];
}

const EMPTY: TargetOutcome = { tests: [], problems: [] };
/**
 * Wider than `npm run check`'s 2 s: a mutant that answers nothing makes its tests wait on
 * guard after guard, and a whole-run limit reached that way would read as a stall of the
 * self-check rather than as the mutant caught.
 */
const SELFCHECK_GRACE_MS = 15_000;
/** Seeds beyond the run's own: each costs one more run of the solution's randomised files. */
const EXTRA_SEEDS = 2;

/**
 * Test threads of the shared run: one more than the cores. With one a core, the course's
 * self-check kept 2 cores busy 62 to 70% of the time, measured: a file waits on the
 * processes it starts, on its sockets, and on the patience of a test whose mutant never
 * answers, and another thread's file can use that core meanwhile (exercise-07's cold
 * self-check on 2 cores: 86 s with 2 threads, 75 s with 3). Patience judges a test by its
 * own thread's waiting for a CPU, and the watchdog does not count the run's waiting for
 * one as its time.
 */
function sharedThreads(): number {
  return availableParallelism() + 1;
}

export interface SelfCheckOptions {
  /** Every test of every test file on every mutant, to list every test that catches it. */
  allTests?: boolean;
  /** Called with each wave's targets before they run, and as each of their test files finishes. */
  onPlan?: (targets: readonly TestTarget[], wave: number) => void;
  onFileDone?: (target: string) => void;
}

export async function selfCheck(root: string, exercises: readonly Exercise[], options: SelfCheckOptions = {}): Promise<SelfCheckReport> {
  const started = Date.now();
  const allTests = options.allTests ?? false;
  const seeds = drawSeeds(EXTRA_SEEDS, [runSeed()]);
  removeCopies(root);
  boundModuleCache(root);
  const plans: Plan[] = exercises.map((exercise) => plan(root, exercise, seeds, allTests));
  const typechecked = typecheck(root, 'selfcheck', plans.flatMap(filesToTypecheck));
  // Before the tests: a mutant a rule flags is caught, and need not run them.
  const violations = await Promise.all(plans.map((plan) => rulesByVariant(root, plan)));
  const estimates = readDurations(root);
  const shared = { allTests, caught: caughtDir(root), killers: readKillers(root), estimates, kitPrint: kitFingerprint(root) };
  const runs = plans.flatMap((plan, index) => mutantRuns(plan.exercise, plan.mutants, { ...shared, flagged: (mutant) => (violations[index]?.get(mutant.name) ?? []).length > 0 }));
  const measured: Durations = {};
  const timedAs = durationKeys(plans, runs);
  const runOptions: RunOptions = {
    graceMs: SELFCHECK_GRACE_MS,
    estimates,
    sharedThreads: !allTests,
    ...(allTests ? {} : { maxWorkers: sharedThreads() }),
    onFileDone: (target, file, _outcome, durationMs) => {
      const key = timedAs(target, file);
      if (key !== undefined && durationMs !== undefined) measured[key] = Math.round(durationMs);
      options.onFileDone?.(target);
    },
  };
  const wave = async (targets: TestTarget[], number: number) => {
    options.onPlan?.(targets, number);
    return targets.length === 0 ? new Map<string, TargetOutcome>() : runSettled(root, targets.map(onRunSeed), runOptions);
  };
  const outcomes = await runWaves(runs, allTests, plans.flatMap(fixedTargets), wave)
    .then((found) => withMarkedFailures(runs, found))
    .finally(() => {
      rmSync(shared.caught, { recursive: true, force: true });
      removeCopies(root);
    });
  const typeErrors = await typechecked;
  writeDurations(root, measured);
  writeKillers(root, killersFound(root, runs, outcomes));
  const results = plans.map((plan, index) => judge(root, plan, outcomes, typeErrors, violations[index] ?? new Map()));
  const stalls = notJudged(outcomes);
  return { exercises: results, stalls, ok: stalls.length === 0 && results.every((result) => result.ok), durationMs: Date.now() - started };
}

/**
 * Under which key a finished file's duration is kept for the next run's order: the
 * reference solution's as the file's own (the estimate of every run of that file never
 * timed), a starter's and a mutant's as theirs. A run on an extra seed, whose name changes
 * with every draw, is not kept.
 */
function durationKeys(plans: readonly Plan[], runs: readonly MutantRun[]): (target: string, file: string) => string | undefined {
  const solutions = new Map(plans.map(({ fixed }) => [fixed.solution.name, fixed.solution.exercise]));
  const ownRuns = new Map([...plans.map(({ fixed }) => fixed.starter), ...runs.map((run) => run.target)].map((target) => [target.name, target.exercise]));
  return (target, file) => {
    const solution = solutions.get(target);
    if (solution) return testFileKey(solution, file);
    const own = ownRuns.get(target);
    return own === undefined ? undefined : runEstimateKey(target, testFileKey(own, file));
  };
}

/** The first wave with the starters and solutions, then the mutants it did not catch. */
async function runWaves(
  runs: readonly MutantRun[],
  allTests: boolean,
  fixed: TestTarget[],
  wave: (targets: TestTarget[], number: number) => Promise<Map<string, TargetOutcome>>,
): Promise<Map<string, TargetOutcome>> {
  const first = await wave([...fixed, ...firstWave(runs, allTests)], 1);
  return merged(first, await wave(secondWave(runs, allTests, first), 2));
}

/** A target on the run's seed unless it has its own: each test process would otherwise draw one of its own. */
function onRunSeed(target: TestTarget): TestTarget {
  return target.seed === undefined ? { ...target, seed: runSeed() } : target;
}

/**
 * The exercise's variants and mutants. The starter and the solution are assembled where
 * the typecheck and the rules read them, and the tests run them from copies of their own
 * (with --all-tests, from there, standing in for src/).
 */
function plan(root: string, exercise: Exercise, seeds: readonly number[], allTests: boolean): Plan {
  const sources = { starter: assembledVariant(root, exercise, 'starter'), solution: assembledVariant(root, exercise, 'solution') };
  const { mutants, errors } = materialiseMutants(root, exercise);
  const ownCopy = (variant: Variant, copyName: string): Pick<TestTarget, 'exercise' | 'sources'> =>
    allTests ? { exercise, sources: sources[variant] } : { exercise: makeCopy(root, exercise, copyName, (dir) => assembleVariant(exercise, variant, dir)) };
  const fixed = {
    starter: { name: `${exercise.folder}:starter`, ...ownCopy('starter', 'starter') },
    solution: { name: `${exercise.folder}:solution`, ...ownCopy('solution', 'solution') },
  };
  // A seed's run of the solution needs a copy of its own too: a test file runs once per copy.
  // Named by their place in the list, not by their seed: a copy keeps its path from run to
  // run, and with it the modules vitest kept compiled for it (runner/selfcheck/module-cache.ts).
  const extraSeeds = seedTargets(exercise, 'solution', seeds, sources.solution).map((seeded, index): TestTarget => {
    const own = ownCopy('solution', `solution.seed-${index + 1}`);
    const testFiles = seeded.exercise.testFiles.map((file) => path.join(own.exercise.dir, path.relative(exercise.dir, file)));
    return { name: seeded.name, ...(seeded.seed === undefined ? {} : { seed: seeded.seed }), ...own, exercise: { ...own.exercise, testFiles } };
  });
  return { exercise, sources, mutants, mutantErrors: errors, fixed, extraSeeds };
}

/** What runs in full whatever the mode: the starter, the solution, the solution on more seeds. */
function fixedTargets({ fixed, extraSeeds }: Plan): TestTarget[] {
  return [fixed.starter, fixed.solution, ...extraSeeds];
}

/** The test that caught each mutant, first in its file: next time, on the same copy, it runs alone first. */
function killersFound(root: string, runs: readonly MutantRun[], outcomes: Map<string, TargetOutcome>): Killers {
  const found: Killers = {};
  for (const run of runs) {
    const killer = killerOf(root, run, outcomes.get(run.target.name));
    if (killer !== undefined) found[run.target.name] = killer;
  }
  return found;
}

/** A mutant's results from both waves, as one run's. */
function merged(first: Map<string, TargetOutcome>, second: Map<string, TargetOutcome>): Map<string, TargetOutcome> {
  const all = new Map(first);
  for (const [name, outcome] of second) {
    const earlier = all.get(name);
    all.set(name, earlier ? { tests: [...earlier.tests, ...outcome.tests], problems: [...earlier.problems, ...outcome.problems] } : outcome);
  }
  return all;
}

/** The starter and the solution, as assembled, must compile against the tests the learner runs. */
function filesToTypecheck({ exercise, sources }: Plan): string[] {
  const copies = [sources.starter, sources.solution];
  return [...copies.flatMap((dir) => sourceNames(exercise).map((name) => path.join(dir, name))), ...exercise.testFiles];
}

async function rulesByVariant(root: string, { exercise, sources, mutants }: Plan): Promise<Map<string, RuleViolation[]>> {
  const variants: [string, string][] = [['solution', sources.solution], ...mutants.map((mutant): [string, string] => [mutant.name, mutant.dir])];
  const found = await Promise.all(variants.map(([, dir]) => runStaticRules(root, exercise.rules, dir)));
  return new Map(variants.map(([name], index) => [name, found[index] ?? []]));
}

function judge(
  root: string,
  plan: Plan,
  outcomes: Map<string, TargetOutcome>,
  typeErrors: readonly TypeDiagnostic[],
  violations: Map<string, RuleViolation[]>,
): ExerciseSelfCheck {
  const { exercise } = plan;
  const starter = outcomes.get(`${exercise.folder}:starter`) ?? EMPTY;
  const solution = outcomes.get(`${exercise.folder}:solution`) ?? EMPTY;
  const starterTasks = summariseTasks(exercise, starter.tests);
  const starterFailingTasks = starterTasks.filter((task) => task.total === 0 || task.passed < task.total).map((task) => task.number);
  const starterPassingTasks = starterTasks.map((task) => task.number).filter((task) => !starterFailingTasks.includes(task));
  const starterPassingTests = starter.tests.filter((test) => test.state === 'passed').map((test) => test.path.join(' › '));
  const solutionFailures = {
    tests: [...solution.tests.filter((test) => test.state !== 'passed').map((test) => test.path.join(' › ')), ...extraSeedFailures(plan, outcomes)],
    typeErrors: typeErrors.filter((error) => ownedBy(root, plan, error.file)).map((error) => atSource(root, plan, error)),
    violations: (violations.get('solution') ?? []).map((violation) => atSource(root, plan, violation)),
    problems: solution.problems,
  };
  const solutionPasses =
    solution.tests.length > 0 && Object.values(solutionFailures).every((list) => list.length === 0);
  const mutants = plan.mutants.map((mutant) => judgeMutant(mutant, outcomes.get(mutantTargetName(exercise, mutant)) ?? EMPTY, violations.get(mutant.name) ?? []));
  const structure = [...plan.mutantErrors, ...checkStructure(exercise, solution.tests), ...checkRuleTrace(exercise, solution.tests)];
  if (plan.mutants.length === 0 && plan.mutantErrors.length === 0) structure.push(`no mutants under tests/mutants/${exercise.folder}/`);
  const mutantsKilled = mutants.filter((mutant) => mutant.killed).length;
  return {
    id: exercise.id,
    slug: exercise.slug,
    folder: exercise.folder,
    tasks: exercise.tasks.length,
    tests: solution.tests.length,
    seeds: plan.extraSeeds.length === 0 ? [] : [runSeed(), ...plan.extraSeeds.map((target) => target.seed ?? runSeed())],
    starterFailingTasks,
    starterPassingTasks,
    starterPassingTests,
    solutionPasses,
    solutionFailures,
    mutants,
    mutantsKilled,
    structure,
    ok: starterFailingTasks.length === exercise.tasks.length && starterPassingTests.length === 0 && solutionPasses && mutantsKilled === mutants.length && structure.length === 0,
  };
}

/** The solution's failures on the extra seeds, each with the seed that replays it. */
function extraSeedFailures(plan: Plan, outcomes: Map<string, TargetOutcome>): string[] {
  return plan.extraSeeds.flatMap((target) =>
    solutionFailures(outcomes.get(target.name)).map((failure) => `on seed ${target.seed} (KATAS_SEED=${target.seed} replays it): ${failure}`),
  );
}

function judgeMutant(mutant: Mutant, outcome: TargetOutcome, violations: readonly RuleViolation[]): MutantResult {
  const killedBy = [
    ...outcome.tests.filter((test) => test.state === 'failed').map((test) => test.path.join(' › ')),
    // A step too busy to judge catches nothing: the self-check reports it as not judged.
    ...outcome.problems.filter((problem) => problem.kind !== 'busy').map((problem) => `${problem.kind}: ${problem.message.split('\n')[0]}`),
    ...violations.map((violation) => `static rule ${violation.rule} (${violation.file}:${violation.line})`),
  ];
  const gotPast = killedBy.length > 0 ? [] : outcome.tests.filter((test) => test.state === 'passed').map((test) => test.path.join(' › '));
  return { name: mutant.name, description: mutant.description, killed: killedBy.length > 0, killedBy, gotPast };
}

function ownedBy(root: string, { exercise, sources }: Plan, file: string): boolean {
  return [sources.starter, sources.solution, exercise.dir].some((dir) => file.startsWith(`${relativeToRoot(root, dir)}/`));
}

/** A finding in an assembled variant, shown at the file the author edits (solutions/…, starter/…). */
function atSource<T extends { file: string }>(root: string, { exercise, sources }: Plan, finding: T): T {
  const absolute = path.resolve(root, finding.file);
  const variant = (['starter', 'solution'] as const).find((name) => absolute.startsWith(`${sources[name]}${path.sep}`));
  return variant === undefined ? finding : { ...finding, file: relativeToRoot(root, sourceOf(exercise, variant, sources[variant], absolute)) };
}
