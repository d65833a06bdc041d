// What the self-check costs next to one plain vitest run of every reference solution's
// tests: the run the self-check cannot do with less, since every test must pass on the
// solution. The plain run is timed before and after the self-check, and the mean taken,
// so that a drift in the machine's speed over the minutes between cancels out of the ratio.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { cacheDir } from '../paths.js';

export interface SelfcheckCost {
  plainMs: [number, number];
  selfcheckMs: number;
  ratio: number;
  mutants: number;
  /** Whether the self-check had what caught each mutant last time (an author's second run on). */
  warmCache: boolean;
  selfcheckPassed: boolean;
  /** What failed, when the self-check did: an exercise and its survivors, or a run not judged. */
  failures: string[];
}

/** The part of `selfcheck --json` (runner/reporters/json.ts) the benchmark reads. */
interface SelfcheckSummary {
  ok: boolean;
  stalls: { target: string; message: string }[];
  exercises: { id: string; ok: boolean; mutants: number; survivors: string[]; solutionPasses: boolean; starterPassingTasks: number[] }[];
}

export async function measureSelfcheck(root: string): Promise<SelfcheckCost> {
  const warmCache = existsSync(cacheDir(root, 'selfcheck'));
  const before = await plainRun(root);
  const started = performance.now();
  const selfcheck = await execa(process.execPath, ['runner/bin.mjs', 'selfcheck', '--json'], { cwd: root, reject: false, env: { NO_COLOR: '1' } });
  const selfcheckMs = Math.round(performance.now() - started);
  const after = await plainRun(root);
  const report = JSON.parse(selfcheck.stdout) as SelfcheckSummary;
  const mutants = report.exercises.reduce((sum, exercise) => sum + exercise.mutants, 0);
  return { plainMs: [before, after], selfcheckMs, ratio: Number((selfcheckMs / ((before + after) / 2)).toFixed(2)), mutants, warmCache, selfcheckPassed: report.ok, failures: failuresOf(report) };
}

/** A failed self-check's reasons, one line each: a benchmark's figure means little without them. */
function failuresOf(report: SelfcheckSummary): string[] {
  const exercises = report.exercises
    .filter((exercise) => !exercise.ok)
    .map((exercise) => `${exercise.id}: ${[exercise.survivors.length > 0 ? `survivors ${exercise.survivors.join(', ')}` : '', exercise.solutionPasses ? '' : 'the solution fails', exercise.starterPassingTasks.length > 0 ? `the starter passes task ${exercise.starterPassingTasks.join(', ')}` : ''].filter(Boolean).join('; ') || 'see npm run selfcheck'}`);
  return [...exercises, ...report.stalls.map((stall) => `not judged: ${stall.target}: ${stall.message}`)];
}

/** Every exercise's tests on its reference solution, as an author would run them by hand. */
async function plainRun(root: string): Promise<number> {
  const started = performance.now();
  const run = await execa(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'exercises'], { cwd: root, reject: false, env: { NO_COLOR: '1', KATAS_VARIANT: 'solution' } });
  if (run.exitCode !== 0) throw new Error(`the reference solutions' plain vitest run failed:\n${run.stdout.split('\n').slice(-15).join('\n')}`);
  return Math.round(performance.now() - started);
}
