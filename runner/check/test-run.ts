// Runs vitest in this process on one or more "targets": an exercise's test files
// against the learner's src/, or (self-check) against another copy of the sources.
// Workers are threads, so learner code that blocks its thread forever cannot block
// this one: the watchdog names the test that hangs and the run is stopped.
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { ViteUserConfig } from 'vitest/config';
import type { TestModule, Vitest } from 'vitest/node';
import type { Exercise } from '../course/exercise.js';
import { cacheDir, relativeToRoot } from '../paths.js';
import { redirectSources, toPosix } from '../vitest/redirect-sources.js';
import { exerciseTestConfig } from '../vitest/settings.js';
import { spareThreadsPool } from '../vitest/spare-threads.js';
import type { RunProblem } from './results.js';
import { ConsoleCapture } from './console-capture.js';
import { collectModule, type TargetOutcome } from './test-collect.js';
import { Watchdog, type Stall } from './watchdog.js';

export interface TestTarget {
  /** Unique name of the run, e.g. `01-routing` or `01-routing:mutant:no-405`. */
  name: string;
  exercise: Exercise;
  /** A folder that replaces the exercise's src/ (starter, solution, mutant); none for the learner's own code. */
  sources?: string;
}

export interface RunOptions {
  /** Called as each test file finishes, with the target's name and the file's absolute path. */
  onFileDone?: (target: string, file: string) => void;
  /** Extra time on top of a test's own timeout before its thread is declared hung. */
  graceMs?: number;
  /** Boot each run's worker thread ahead of time (watch mode, where a session runs again and again). */
  spareThreads?: boolean;
}

export const HANG = (stall: Stall, file: string) =>
  stall.test === undefined
    ? `${file} made no progress for ${seconds(stall.waitedMs)} s while loading: an endless loop at the top level of a module (such as while (true) {}) never lets the tests start`
    : `the test "${stall.test}" in ${file} was still running after ${seconds(stall.waitedMs)} s: an endless loop (such as while (true) {}) or a promise that never settles stops everything after it`;

/** One vitest instance for a set of targets: `npm run check` runs it once, watch mode on every save. */
export class TestSession {
  private stalled = false;

  private constructor(
    private readonly root: string,
    private readonly targets: readonly TestTarget[],
    private readonly vitest: Vitest,
    private readonly traceFile: string,
    private readonly options: RunOptions,
    private readonly events: RunEvents,
  ) {}

  static async open(root: string, targets: readonly TestTarget[], options: RunOptions = {}): Promise<TestSession> {
    const { createVitest } = await import('vitest/node');
    const traceFile = newTraceFile(root);
    const events: RunEvents = { watchdog: undefined, modules: undefined, errors: [], output: new ConsoleCapture() };
    const reporter = {
      onUserConsoleLog: (log: { content: string; taskId?: string }) => events.output.add(log.taskId, log.content),
      onTestModuleEnd: (module: TestModule) => {
        events.watchdog?.moduleEnded(module.project.name, module.moduleId);
        options.onFileDone?.(module.project.name, module.moduleId);
      },
      onTestRunEnd: (modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>) => {
        events.modules = modules;
        events.errors = errors;
      },
    };
    const overrides: ViteUserConfig = { test: { projects: targets.map((target) => projectOf(root, target)) } };
    const vitest = await createVitest(
      'test',
      { config: false, watch: false, reporters: [reporter], pool: options.spareThreads ? spareThreadsPool(workerCount()) : 'threads', root, passWithNoTests: true, maxWorkers: workerCount() },
      overrides,
    );
    return new TestSession(root, targets, vitest, traceFile, options, events);
  }

  /** False once a run hung: its thread can only be terminated, so the session must be replaced. */
  get usable(): boolean {
    return !this.stalled;
  }

  /** Runs every target's tests; `changed` files are read afresh (the others come from vite's cache). */
  async run(changed: readonly string[] = []): Promise<Map<string, TargetOutcome>> {
    for (const file of changed) this.vitest.invalidateFile(toPosix(file));
    const limits = new Map(this.targets.map((target) => [target.name, target.exercise.limits]));
    this.events.watchdog = new Watchdog(this.traceFile, (project) => limits.get(project), this.options.graceMs ?? 2_000);
    this.events.modules = undefined;
    this.events.errors = [];
    this.events.output.clear();
    const specifications = await this.vitest.globTestSpecifications();
    const stall = await runWatched(this.vitest.runTestSpecifications(specifications, true), this.events.watchdog);
    this.stalled = stall !== undefined;
    return this.collect(stall);
  }

  async close(): Promise<void> {
    // A thread stuck in an endless loop can only be terminated; do not wait long for it.
    const closing = this.vitest.close().catch(() => undefined);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, this.stalled ? 1_000 : 10_000).unref())]);
    rmSync(this.traceFile, { force: true });
  }

  private collect(stall: Stall | undefined): Map<string, TargetOutcome> {
    const outcomes = new Map<string, TargetOutcome>(this.targets.map((target) => [target.name, { tests: [], problems: [] }]));
    for (const module of this.events.modules ?? this.vitest.state.getTestModules()) {
      const outcome = outcomes.get(module.project.name);
      if (outcome) collectModule(this.root, module, outcome, (id) => this.events.output.outputOf(id));
    }
    for (const error of this.events.errors as UnhandledError[]) {
      const problem = unhandledProblem(this.root, error);
      for (const target of blamedTargets(this.targets, error)) outcomes.get(target.name)?.problems.push(problem);
    }
    if (stall) {
      const file = relativeToRoot(this.root, stall.file);
      outcomes.get(stall.project)?.problems.push({ kind: 'hang', file, ...(stall.test ? { test: stall.test } : {}), message: HANG(stall, file) });
    }
    return outcomes;
  }
}

interface RunEvents {
  watchdog: Watchdog | undefined;
  modules: ReadonlyArray<TestModule> | undefined;
  errors: ReadonlyArray<unknown>;
  output: ConsoleCapture;
}

/** One run of the targets' tests in a fresh session. */
export async function runTests(root: string, targets: readonly TestTarget[], options: RunOptions = {}): Promise<Map<string, TargetOutcome>> {
  const session = await TestSession.open(root, targets, options);
  try {
    return await session.run();
  } finally {
    await session.close();
  }
}

function projectOf(root: string, target: TestTarget) {
  const { exercise } = target;
  return {
    plugins: target.sources ? [redirectSources([{ from: exercise.srcDir, to: target.sources }])] : [],
    test: {
      name: target.name,
      root,
      provide: { katasTarget: target.name },
      include: exercise.testFiles.map((file) => relativeToRoot(root, file)),
      ...exerciseTestConfig(root, exercise.limits),
    },
  };
}

async function runWatched(running: Promise<unknown>, watchdog: Watchdog): Promise<Stall | undefined> {
  let stall: Stall | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      stall = watchdog.findStall();
      if (stall) resolve();
    }, 250);
  });
  await Promise.race([running.catch(() => undefined), stalled]);
  clearInterval(timer);
  return stall;
}

function newTraceFile(root: string): string {
  const dir = cacheDir(root, 'trace');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${Date.now()}.ndjson`);
  // Worker threads copy the environment when they start: set it before vitest does.
  process.env.KATAS_TRACE_FILE = file;
  return file;
}

function workerCount(): number {
  // vitest leaves one core free by default; on a 2-core laptop that is a single worker.
  return Math.max(1, availableParallelism());
}

export const UNHANDLED = (message: string) =>
  `an error nobody awaited or caught (an unhandled rejection, or a throw in a callback): ${message}`;

interface UnhandledError {
  message?: string;
  stack?: string;
  type?: string;
  VITEST_TEST_PATH?: string;
}

/**
 * An unhandled error carries no project name: the copy of the sources in its stack says
 * which target raised it, else its test file says which exercise's targets may have.
 */
function blamedTargets(targets: readonly TestTarget[], error: UnhandledError): readonly TestTarget[] {
  const stack = toPosix(error.stack ?? '');
  const bySources = targets.filter((target) => stack.includes(`${toPosix(target.sources ?? target.exercise.srcDir)}/`));
  if (bySources.length > 0) return bySources;
  const testPath = error.VITEST_TEST_PATH ? toPosix(path.resolve(error.VITEST_TEST_PATH)) : undefined;
  const byTest = targets.filter((target) => target.exercise.testFiles.some((file) => toPosix(file) === testPath));
  return byTest.length > 0 ? byTest : targets;
}

/** Where learner code raised it: the first stack frame outside node_modules, else the test file. */
function unhandledProblem(root: string, error: UnhandledError): RunProblem {
  const message = error.message ?? String(error);
  const kind = /process\.exit/.test(message) ? 'exit' : 'unhandled';
  const frame = error.stack?.split('\n').find((line) => /\s+at /.test(line) && !line.includes('node_modules'));
  const position = frame ? /(?:file:\/\/)?(\/?[^\s()]+?):(\d+):(\d+)\)?$/.exec(frame.trim()) : null;
  const file = position?.[1] ?? error.VITEST_TEST_PATH;
  const where = file ? relativeToRoot(root, path.resolve(file)) : undefined;
  const located = position && where ? `${where}:${position[2]}:${position[3]}` : where;
  return {
    kind,
    ...(located ? { file: located } : {}),
    message: kind === 'unhandled' ? UNHANDLED(message) : message,
  };
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

