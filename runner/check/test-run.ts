// Runs vitest in this process on one or more "targets": an exercise's test files
// against the learner's src/, or (self-check) against another copy of the sources.
// Workers are threads, so learner code that blocks its thread forever cannot block
// this one: a watchdog here names the test that hangs and stops the run.
import path from 'node:path';
import type { ViteUserConfig } from 'vitest/config';
import type { TestCase, TestModule, Vitest } from 'vitest/node';
import type { Exercise } from '../course/exercise.js';
import { relativeToRoot } from '../paths.js';
import { redirectSources } from '../vitest/redirect-sources.js';
import { exerciseTestConfig } from '../vitest/settings.js';
import { collectModule, type TargetOutcome } from './test-collect.js';
import type { RunProblem } from './results.js';

export interface TestTarget {
  /** Unique name of the run, e.g. `01-routing` or `01-routing:mutant:no-405`. */
  name: string;
  exercise: Exercise;
  /** A folder that replaces the exercise's src/ (starter, solution, mutant); none for the learner's own code. */
  sources?: string;
}

export interface RunOptions {
  /** Called as each test starts, with the target's name and the test's name. */
  onTestStart?: (target: string, test: string) => void;
  /** Extra time on top of a test's own timeout before its thread is declared hung. */
  graceMs?: number;
}

export const HANG = (test: string, file: string, seconds: number) =>
  `the test "${test}" in ${file} was still running after ${seconds} s: an endless loop (such as while (true) {}) or a promise that never settles stops everything after it`;

export async function runTests(root: string, targets: readonly TestTarget[], options: RunOptions = {}): Promise<Map<string, TargetOutcome>> {
  const { createVitest } = await import('vitest/node');
  const outcomes = new Map<string, TargetOutcome>(targets.map((target) => [target.name, { tests: [], problems: [] }]));
  const running = new Map<string, { test: TestCase; startedAt: number }>();
  const collector = {
    onTestCaseReady(test: TestCase) {
      running.set(test.id, { test, startedAt: Date.now() });
      options.onTestStart?.(test.project.name, test.name);
    },
    onTestCaseResult(test: TestCase) {
      running.delete(test.id);
    },
  };
  const overrides: ViteUserConfig = { test: { projects: targets.map((target) => projectOf(root, target)) } };
  const vitest = await createVitest('test', { config: false, watch: false, reporters: [collector], pool: 'threads', root, passWithNoTests: true }, overrides);
  const hang = await runWithWatchdog(vitest, targets, running, options.graceMs ?? 2_000);
  for (const module of vitest.state.getTestModules()) {
    const outcome = outcomes.get(module.project.name);
    if (outcome) collectModule(root, module, outcome);
  }
  for (const error of vitest.state.getUnhandledErrors()) {
    const problem = unhandledProblem(root, error as { message?: string; stacks?: { file: string }[] });
    for (const outcome of outcomes.values()) outcome.problems.push(problem);
  }
  if (hang) outcomes.get(hang.target)?.problems.push(hang.problem);
  await closeQuietly(vitest, hang !== undefined);
  return outcomes;
}

function projectOf(root: string, target: TestTarget) {
  const { exercise } = target;
  return {
    plugins: target.sources ? [redirectSources([{ from: exercise.srcDir, to: target.sources }])] : [],
    test: {
      name: target.name,
      root,
      include: exercise.testFiles.map((file) => relativeToRoot(root, file)),
      ...exerciseTestConfig(root, exercise.limits),
    },
  };
}

interface Hang {
  target: string;
  problem: RunProblem;
}

async function runWithWatchdog(
  vitest: Vitest,
  targets: readonly TestTarget[],
  running: Map<string, { test: TestCase; startedAt: number }>,
  graceMs: number,
): Promise<Hang | undefined> {
  const limits = new Map(targets.map((target) => [target.name, target.exercise.limits]));
  let hang: Hang | undefined;
  const done = vitest.start().then(() => undefined);
  const watchdog = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      for (const { test, startedAt } of running.values()) {
        const limit = limits.get(test.project.name);
        if (!limit || Date.now() - startedAt < limit.testTimeoutMs + graceMs) continue;
        const file = relativeToRoot(test.project.config.root, test.module.moduleId);
        hang = { target: test.project.name, problem: { kind: 'hang', file, test: test.name, message: HANG(test.name, file, Math.round((limit.testTimeoutMs + graceMs) / 1000)) } };
        clearInterval(timer);
        resolve();
        return;
      }
    }, 250);
    done.finally(() => {
      clearInterval(timer);
      resolve();
    });
  });
  await Promise.race([done.catch(() => undefined), watchdog]);
  return hang;
}

function unhandledProblem(root: string, error: { message?: string; stacks?: { file: string }[] }): RunProblem {
  const file = error.stacks?.[0]?.file;
  const message = error.message ?? String(error);
  const kind = /process\.exit/.test(message) ? 'exit' : 'unhandled';
  return { kind, file: file ? relativeToRoot(root, path.resolve(file)) : undefined, message };
}

async function closeQuietly(vitest: Vitest, hung: boolean): Promise<void> {
  // A thread stuck in an endless loop can only be terminated; do not wait long for it.
  const closing = vitest.close().catch(() => undefined);
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, hung ? 1_000 : 10_000).unref())]);
}

export type { TargetOutcome };
export type { TestModule };
