// `npm test`'s proof that every exercise meets the bar, with the test files the learner
// runs: the starter fails every task, the solution passes everything, every mutant is
// caught. All variants of all exercises run in one vitest run, side by side.
import path from 'node:path';
import type { RuleViolation, TypeDiagnostic } from '../check/results.js';
import { runStaticRules, stripSrc } from '../check/static-rules.js';
import { summariseTasks } from '../check/check-exercise.js';
import { runTests, type TestTarget } from '../check/test-run.js';
import type { TargetOutcome } from '../check/test-collect.js';
import { typecheck } from '../check/typecheck.js';
import type { Exercise } from '../course/exercise.js';
import { relativeToRoot } from '../paths.js';
import { materialiseMutants, type Mutant } from './mutants.js';
import { checkStructure } from './structure.js';
import type { ExerciseSelfCheck, MutantResult, SelfCheckReport } from './types.js';

interface Plan {
  exercise: Exercise;
  mutants: Mutant[];
  mutantErrors: string[];
}

const EMPTY: TargetOutcome = { tests: [], problems: [] };
const SELFCHECK_GRACE_MS = 15_000;

export async function selfCheck(root: string, exercises: readonly Exercise[], onProgress?: (done: number) => void): Promise<SelfCheckReport> {
  const started = Date.now();
  const plans: Plan[] = exercises.map((exercise) => {
    const { mutants, errors } = materialiseMutants(root, exercise);
    return { exercise, mutants, mutantErrors: errors };
  });
  const targets = plans.flatMap(targetsOf);
  let finished = 0;
  const [outcomes, typeErrors, violations] = await Promise.all([
    // Generous grace: a busy CI machine must not turn a slow test into a false hang.
    runTests(root, targets, { graceMs: SELFCHECK_GRACE_MS, onFileDone: () => onProgress?.(++finished) }),
    typecheck(root, 'selfcheck', plans.flatMap(({ exercise }) => filesToTypecheck(exercise))),
    Promise.all(plans.map((plan) => rulesByVariant(root, plan))),
  ]);
  const results = plans.map((plan, index) => judge(root, plan, outcomes, typeErrors, violations[index] ?? new Map()));
  const stalls = [...outcomes].flatMap(([target, outcome]) => outcome.problems.filter((problem) => problem.kind === 'hang').map((problem) => ({ target, message: problem.message })));
  return { exercises: results, stalls, ok: stalls.length === 0 && results.every((result) => result.ok), durationMs: Date.now() - started };
}

function targetsOf({ exercise, mutants }: Plan): TestTarget[] {
  return [
    { name: `${exercise.folder}:starter`, exercise, sources: exercise.starterDir },
    { name: `${exercise.folder}:solution`, exercise, sources: exercise.solutionDir },
    ...mutants.map((mutant) => ({ name: `${exercise.folder}:mutant:${mutant.name}`, exercise, sources: mutant.dir })),
  ];
}

/** The starter and the solution must compile against the tests the learner runs. */
function filesToTypecheck(exercise: Exercise): string[] {
  const copies = [exercise.starterDir, exercise.solutionDir];
  return [...copies.flatMap((dir) => exercise.files.map((file) => path.join(dir, stripSrc(file)))), ...exercise.testFiles];
}

async function rulesByVariant(root: string, { exercise, mutants }: Plan): Promise<Map<string, RuleViolation[]>> {
  const variants: [string, string][] = [['solution', exercise.solutionDir], ...mutants.map((mutant): [string, string] => [mutant.name, mutant.dir])];
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
  const solutionFailures = {
    tests: solution.tests.filter((test) => test.state !== 'passed').map((test) => test.path.join(' › ')),
    typeErrors: typeErrors.filter((error) => ownedBy(root, exercise, error.file)),
    violations: violations.get('solution') ?? [],
    problems: solution.problems,
  };
  const solutionPasses =
    solution.tests.length > 0 && Object.values(solutionFailures).every((list) => list.length === 0);
  const mutants = plan.mutants.map((mutant) => judgeMutant(mutant, outcomes.get(`${exercise.folder}:mutant:${mutant.name}`) ?? EMPTY, violations.get(mutant.name) ?? []));
  const structure = [...plan.mutantErrors, ...checkStructure(exercise, solution.tests)];
  if (plan.mutants.length === 0 && plan.mutantErrors.length === 0) structure.push(`no mutants under tests/mutants/${exercise.folder}/`);
  const mutantsKilled = mutants.filter((mutant) => mutant.killed).length;
  return {
    id: exercise.id,
    slug: exercise.slug,
    folder: exercise.folder,
    tasks: exercise.tasks.length,
    tests: solution.tests.length,
    starterFailingTasks,
    starterPassingTasks,
    solutionPasses,
    solutionFailures,
    mutants,
    mutantsKilled,
    structure,
    ok: starterFailingTasks.length === exercise.tasks.length && solutionPasses && mutantsKilled === mutants.length && structure.length === 0,
  };
}

function judgeMutant(mutant: Mutant, outcome: TargetOutcome, violations: readonly RuleViolation[]): MutantResult {
  const killedBy = [
    ...outcome.tests.filter((test) => test.state === 'failed').map((test) => test.path.join(' › ')),
    ...outcome.problems.map((problem) => `${problem.kind}: ${problem.message.split('\n')[0]}`),
    ...violations.map((violation) => `static rule ${violation.rule} (${violation.file}:${violation.line})`),
  ];
  const gotPast = killedBy.length > 0 ? [] : outcome.tests.filter((test) => test.state === 'passed').map((test) => test.path.join(' › '));
  return { name: mutant.name, description: mutant.description, killed: killedBy.length > 0, killedBy, gotPast };
}

function ownedBy(root: string, exercise: Exercise, file: string): boolean {
  return [exercise.solutionDir, exercise.dir].some((dir) => file.startsWith(`${relativeToRoot(root, dir)}/`));
}
