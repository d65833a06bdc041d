// Runs vitest in this process on one or more "targets": an exercise's test files
// against the learner's src/, or (self-check) against another copy of the sources.
// This process is the test run's own (runner/sandbox/child.ts), never the runner's.
// Workers are threads, so learner code that blocks its thread forever cannot block
// this one: the watchdog names the test that hangs and the run is stopped.
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { ViteUserConfig } from 'vitest/config';
import type { TestModule, TestSpecification, Vitest } from 'vitest/node';
import type { Exercise } from '../course/exercise.js';
import { cacheDir, relativeToRoot } from '../paths.js';
import { redirectSources, toPosix } from '../vitest/redirect-sources.js';
import { exerciseTestConfig } from '../vitest/settings.js';
import { longestFirst, longestTargetsFirst, type FileEstimate } from '../vitest/longest-first.js';
import { spareThreadsPool } from '../vitest/spare-threads.js';
import type { RunProblem } from './results.js';
import { ConsoleCapture } from './console-capture.js';
import { collectModule, type TargetOutcome } from './test-collect.js';
import { lastWorkerError } from '../sandbox/worker-errors.js';
import { Watchdog, type InFlight, type Stall } from './watchdog.js';

export interface TestTarget {
  /** Unique name of the run, e.g. `01-routing` or `01-routing:mutant:no-405`. */
  name: string;
  exercise: Exercise;
  /** A folder that replaces the exercise's src/ (starter, solution, mutant); none for the learner's own code. */
  sources?: string;
  /** The seed of the target's randomised tests; the run's seed when absent. */
  seed?: number;
  /** Tests not to run (`<absolute file>\u0000<full name>`): they hung or crashed an earlier run. */
  skip?: string[];
  /** Self-check: a file the first failing test writes, after which the target's other tests are skipped. */
  firstFailure?: string;
  /** Self-check, shared threads only: the one test to run (its full name), the others skipped. */
  only?: string;
}

/**
 * The name of a test file in every copy of its exercise (runner/selfcheck/copies.ts):
 * `01-routing/tests/router.test.ts` for the learner's file and every copy's.
 */
export function testFileKey(exercise: Pick<Exercise, 'folder' | 'dir'>, file: string): string {
  return `${exercise.folder}/${toPosix(path.relative(exercise.dir, file))}`;
}

export interface RunOptions {
  /** Called as each test file finishes, with the target's name, the file's absolute path and its results. */
  onFileDone?: (target: string, file: string, outcome: TargetOutcome, durationMs?: number) => void;
  /** Extra time on top of a test's own timeout before its thread is declared hung. */
  graceMs?: number;
  /** Boot each run's worker thread ahead of time (watch mode, where a session runs again and again). */
  spareThreads?: boolean;
  /** Test files run at once; one per core when absent. */
  maxWorkers?: number;
  /** Where the guard writes its trace; a fresh file under .katas/ when absent. */
  traceFile?: string;
  /** Told when files run again one at a time because the machine was too busy to judge them. */
  onBusyRetry?: (files: readonly string[]) => void;
  /**
   * Expected milliseconds per test file, by runEstimateKey for a file of one run, else by
   * its testFileKey: files start longest first, so the last ones to run are short and every
   * worker stays busy to the end. Absent, vitest's own order.
   */
  estimates?: Record<string, number>;
  /** Runs only this task's tests (the top-level `describe('task N: ...')`); every task when absent. */
  task?: number;
  /**
   * Self-check: every target's test files are its own (a copy of its exercise,
   * runner/selfcheck/copies.ts), so all run in one project whose threads run file after
   * file, instead of a fresh thread for each file.
   */
  sharedThreads?: boolean;
}

/** vitest matches a test's full name, its describe blocks first, so a task's tests start with `task N:`. */
export function taskNamePattern(task: number): RegExp {
  return new RegExp(`^task ${task}\\b`, 'i');
}

export const HANG = (stall: Stall, file: string): string => {
  const where = stall.test === undefined ? `${file} while loading` : `the test "${stall.test}" in ${file}`;
  const limit = seconds(stall.limitMs);
  if (stall.after && stall.kind !== 'busy' && stall.kind !== 'run-limit') {
    return stall.kind === 'spin'
      ? `${where} finished, but code it left running kept a CPU busy for ${seconds(stall.cpuMs)} s after it (the limit is ${limit} s): an endless loop it started (a retry that never stops, a callback that calls itself) never lets the next test start`
      : `${where} finished, but nothing happened for ${seconds(stall.waitedMs)} s after it (the limit is ${limit} s): a hook or code it left running never let the next test start`;
  }
  switch (stall.kind) {
    case 'spin':
      return stall.test === undefined
        ? `${file} kept a CPU busy for ${seconds(stall.cpuMs)} s while loading (the limit is ${limit} s): an endless loop at the top level of a module (such as while (true) {}) never lets the tests start`
        : `${where} kept a CPU busy for ${seconds(stall.cpuMs)} s without finishing (the limit is ${limit} s): an endless loop (such as while (true) {}) never gives control back`;
    case 'idle':
      return stall.test === undefined
        ? `${file} waited ${seconds(stall.waitedMs)} s while loading for something that never happened (the limit is ${limit} s): a top-level await of a promise that never settles`
        : `${where} waited ${seconds(stall.waitedMs)} s for something that never happened (the limit is ${limit} s): a promise that never settles, a response never sent or a callback never called`;
    case 'run-limit':
      return `the tests of this exercise ran for ${seconds(stall.waitedMs)} s, past the whole run's limit of ${limit} s, while ${stall.test === undefined ? `${file} was loading` : `the test "${stall.test}" in ${file} was running`}: each step was within its own limit, so look for slow code repeated many times`;
    case 'busy':
      return `the machine was too busy to finish ${where}: ${seconds(stall.waitedMs)} s passed with only ${seconds(stall.cpuMs)} s of it running the code; nothing was judged, so check again when the machine is less busy`;
    default:
      return stall.test === undefined
        ? `${file} made no progress for ${seconds(stall.waitedMs)} s while loading: an endless loop at the top level of a module (such as while (true) {}) or a promise that never settles never lets the tests start`
        : `${where} was still running after ${seconds(stall.waitedMs)} s: an endless loop (such as while (true) {}) or a promise that never settles stops everything after it`;
  }
};

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
    private readonly ownerOf: (module: TestModule) => string,
  ) {}

  static async open(root: string, targets: readonly TestTarget[], options: RunOptions = {}): Promise<TestSession> {
    const { createVitest } = await import('vitest/node');
    const traceFile = newTraceFile(root, options.traceFile);
    const events: RunEvents = { watchdog: undefined, modules: undefined, errors: [], output: new ConsoleCapture() };
    const files = filesOf(targets);
    const ownerOf = owners(files, options.sharedThreads ?? false);
    const reporter = {
      onUserConsoleLog: (log: { content: string; taskId?: string }) => events.output.add(log.taskId, log.content),
      onTestModuleEnd: (module: TestModule) => {
        events.watchdog?.moduleEnded(ownerOf(module), module.moduleId);
        if (!options.onFileDone) return;
        options.onFileDone(ownerOf(module), module.moduleId, outcomeOf(root, module, events.output), module.diagnostic().duration);
      },
      onTestRunEnd: (modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>) => {
        events.modules = modules;
        events.errors = errors;
      },
    };
    const estimateOf = options.estimates ? estimateFrom(options.estimates, files) : undefined;
    const projects = options.sharedThreads ? sharedProjects(root, estimateOf ? longestTargetsFirst(targets, estimateOf) : targets) : targets.map((target) => projectOf(root, target));
    const order = options.sharedThreads ? projects.map((project) => project.test.name) : [];
    const sequence = estimateOf ? { sequence: { sequencer: longestFirst(estimateOf, order) } } : {};
    const overrides: ViteUserConfig = { test: { projects, ...sequence } };
    const workers = options.maxWorkers ?? workerCount();
    const vitest = await createVitest(
      'test',
      { config: false, watch: false, reporters: [reporter], pool: options.spareThreads ? spareThreadsPool(workers) : 'threads', root, passWithNoTests: true, maxWorkers: workers, ...(options.task === undefined ? {} : { testNamePattern: taskNamePattern(options.task) }), ...(options.sharedThreads ? keptTransforms(root) : {}) },
      overrides,
    );
    return new TestSession(root, targets, vitest, traceFile, options, events, ownerOf);
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
    const specifications = await this.specifications();
    const { stall, crash } = await runWatched(this.vitest.runTestSpecifications(specifications, true), this.events.watchdog);
    this.stalled = stall !== undefined || crash !== undefined;
    const outcomes = this.collect(stall);
    if (crash) for (const problem of crashProblems(this.root, this.events.watchdog.inFlight(), crash)) outcomes.get(problem.project)?.problems.push(problem.problem);
    return outcomes;
  }

  async close(): Promise<void> {
    // A thread stuck in an endless loop can only be terminated; do not wait long for it.
    const closing = this.vitest.close().catch(() => undefined);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, this.stalled ? 1_000 : 10_000).unref())]);
    rmSync(this.traceFile, { force: true });
  }

  /** The shared projects' files are listed, not globbed: the copies live under .katas/, which a glob skips. */
  private async specifications(): Promise<TestSpecification[]> {
    if (!this.options.sharedThreads) return this.vitest.globTestSpecifications();
    return this.vitest.projects.flatMap((project) => project.config.include.map((file) => project.createSpecification(toPosix(path.resolve(this.root, file)))));
  }

  private collect(stall: Stall | undefined): Map<string, TargetOutcome> {
    const outcomes = new Map<string, TargetOutcome>(this.targets.map((target) => [target.name, { tests: [], problems: [] }]));
    for (const module of this.events.modules ?? this.vitest.state.getTestModules()) {
      const outcome = outcomes.get(this.ownerOf(module));
      if (outcome) collectModule(this.root, module, outcome, (id) => this.events.output.outputOf(id));
    }
    for (const error of this.events.errors as UnhandledError[]) {
      const problem = unhandledProblem(this.root, error);
      for (const target of blamedTargets(this.targets, error)) outcomes.get(target.name)?.problems.push(problem);
    }
    if (stall) {
      const file = relativeToRoot(this.root, stall.file);
      const kind = stall.kind === 'busy' ? 'busy' : 'hang';
      const wholeRun = stall.kind === 'run-limit' ? { wholeRun: true } : {};
      outcomes.get(stall.project)?.problems.push({ kind, file, ...(stall.test ? { test: stall.test } : {}), ...(stall.full ? { full: stall.full } : {}), ...(stall.after ? { after: true } : {}), ...wholeRun, message: HANG(stall, file) });
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

/** A file's results, and its problems. */
function outcomeOf(root: string, module: TestModule, output: ConsoleCapture): TargetOutcome {
  const outcome: TargetOutcome = { tests: [], problems: [] };
  collectModule(root, module, outcome, (id) => output.outputOf(id));
  return outcome;
}

/** Where the self-check's modules are kept compiled (keptTransforms). */
export function moduleCacheDir(root: string): string {
  return cacheDir(root, 'vitest-modules');
}

/**
 * Self-check: vitest keeps each module as it compiled it (TypeScript to a module its
 * threads run) on disk, by the module's path, its content and vitest's config, and the next
 * run reads it instead of compiling it again. The copies the self-check makes have the same
 * paths and contents run after run (runner/selfcheck/copies.ts), and compiling them was
 * most of the time a test file took to load: exercise-04's warm self-check went from 20.2 s
 * to 13.2 s. Only the shared threads use it: elsewhere a plugin serves src/ from another
 * folder (redirect-sources.ts), which the key would not see. runner/selfcheck/module-cache.ts
 * bounds its size.
 */
function keptTransforms(root: string) {
  return { experimental: { fsModuleCache: true, fsModuleCachePath: moduleCacheDir(root) } };
}

/**
 * The key of one target's run of a test file in the estimates: a mutant's file (one test
 * alone, or one that never answers) takes its own time, not the reference solution's.
 */
export function runEstimateKey(target: string, fileKey: string): string {
  return `${target} ${fileKey}`;
}

/** A file's expected milliseconds: its own target's when timed before, else the reference solution's. */
function estimateFrom(estimates: Readonly<Record<string, number>>, files: ReadonlyMap<string, { target: string; key: string }>): FileEstimate {
  return (file) => {
    const known = files.get(file);
    return known === undefined ? undefined : (estimates[runEstimateKey(known.target, known.key)] ?? estimates[known.key]);
  };
}

/** Each test file of the run, by its absolute path: the target whose copy holds it, and its key for the estimates of its duration. */
function filesOf(targets: readonly TestTarget[]): Map<string, { target: string; key: string }> {
  return new Map(targets.flatMap((target) => target.exercise.testFiles.map((file) => [toPosix(path.resolve(file)), { target: target.name, key: testFileKey(target.exercise, file) }] as const)));
}

/** The target a finished file belongs to: its project's, or with shared threads the target whose copy holds it. */
function owners(files: ReadonlyMap<string, { target: string }>, shared: boolean): (module: TestModule) => string {
  if (!shared) return (module) => module.project.name;
  return (module) => files.get(toPosix(module.moduleId))?.target ?? module.project.name;
}

/**
 * Test files per shared project. A thread keeps every module it loaded, so it runs at most
 * this many files before a fresh thread takes over (vitest hands a thread to the next file
 * of its own project only): well within the heap limit (a hundred exercise test files
 * with their copies of the sources), and a thread's start is paid once per hundred.
 */
const FILES_PER_SHARED_PROJECT = 100;

/** The targets, in order, in projects of at most FILES_PER_SHARED_PROJECT files (a target is never split). */
function sharedProjects(root: string, targets: readonly TestTarget[]) {
  const groups: TestTarget[][] = [];
  let files = Number.POSITIVE_INFINITY;
  for (const target of targets) {
    if (files + target.exercise.testFiles.length > FILES_PER_SHARED_PROJECT) {
      groups.push([]);
      files = 0;
    }
    groups.at(-1)?.push(target);
    files += target.exercise.testFiles.length;
  }
  return groups.map((group, index) => sharedProject(root, group, `${SHARED_PROJECT}:${index + 1}`));
}

/**
 * One project for these targets, whose threads run file after file (isolate: false): what
 * the runner fixes for each run (its name, its seed, the mark of its first failure) is
 * provided per copy, and each test file finds its own by its path (runner/kit/copy-run.ts).
 */
function sharedProject(root: string, targets: readonly TestTarget[], name: string) {
  // The shape of runner/kit/copy-run.ts's CopyRun: kit/ is compiled with the tests, not here.
  const copies: { dir: string; target: string; seed: number; firstFailure?: string; only?: string }[] = targets.map((target) => ({
    dir: `${toPosix(path.resolve(target.exercise.dir))}/`,
    target: target.name,
    seed: target.seed ?? runSeed(),
    ...(target.firstFailure ? { firstFailure: target.firstFailure } : {}),
    ...(target.only === undefined ? {} : { only: target.only }),
  }));
  return {
    test: {
      name,
      root,
      isolate: false,
      provide: { katasTarget: name, katasSeed: runSeed(), katasSkip: targets.flatMap((target) => target.skip ?? []), katasCopies: copies },
      include: targets.flatMap((target) => target.exercise.testFiles.map((file) => relativeToRoot(root, file))),
      ...exerciseTestConfig(root, {}, { watched: true }),
    },
  };
}

const SHARED_PROJECT = 'katas:shared';

function projectOf(root: string, target: TestTarget) {
  const { exercise } = target;
  return {
    plugins: target.sources ? [redirectSources([{ from: exercise.srcDir, to: target.sources }])] : [],
    test: {
      name: target.name,
      root,
      // Fixed here, before any learner code runs: code under test cannot choose its own inputs.
      provide: { katasTarget: target.name, katasSeed: target.seed ?? runSeed(), katasSkip: target.skip ?? [], ...(target.firstFailure ? { katasFirstFailure: target.firstFailure } : {}) },
      include: exercise.testFiles.map((file) => relativeToRoot(root, file)),
      // The watchdog judges time on a fair clock; vitest's own timeouts are wall time.
      ...exerciseTestConfig(root, exercise.limits, { watched: true }),
    },
  };
}

async function runWatched(running: Promise<unknown>, watchdog: Watchdog): Promise<{ stall?: Stall; crash?: Error }> {
  let stall: Stall | undefined;
  let crash: Error | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      stall = watchdog.findStall();
      if (stall) resolve();
    }, 250);
  });
  // A worker that dies (out of memory, killed) makes vitest give up the whole run.
  const ran = running.then(
    () => undefined,
    (error: unknown) => {
      crash = error instanceof Error ? error : new Error(String(error));
    },
  );
  await Promise.race([ran, stalled]);
  clearInterval(timer);
  return { ...(stall ? { stall } : {}), ...(crash ? { crash } : {}) };
}

export const CRASHED = (where: string, reason: string) => `${where} ${reason}: the thread running it ended, so it and the tests after it in its file could not finish`;

/** Why a worker ended, in the learner's words. */
export function crashReason(error: Error | string): string {
  const text = typeof error === 'string' ? error : `${error.message} ${(error as { code?: string }).code ?? ''}`;
  if (/out of memory|heap|ERR_WORKER_OUT_OF_MEMORY/i.test(text)) return 'ran out of memory';
  const signal = /\b(SIG[A-Z]+)\b/.exec(text)?.[1];
  return signal ? `was killed by ${signal}` : 'crashed';
}

/** One problem for each test (or file, while loading) that was running when its worker died. */
function crashProblems(root: string, running: readonly InFlight[], crash: Error): { project: string; problem: RunProblem }[] {
  const reason = crashReason(`${lastWorkerError()} ${crash.message}`);
  return running.map(({ project, file, test, full }) => {
    const shown = relativeToRoot(root, file);
    const where = test === undefined ? `${shown}, while loading,` : `the test "${test}" in ${shown}`;
    return { project, problem: { kind: 'crash', file: shown, ...(test ? { test } : {}), ...(full ? { full } : {}), message: CRASHED(where, reason) } };
  });
}

/** A fresh trace file's path, in the course's cache. */
export function traceFileFor(root: string, name = `${process.pid}-${Date.now()}`): string {
  const dir = cacheDir(root, 'trace');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.ndjson`);
}

function newTraceFile(root: string, chosen?: string): string {
  const file = chosen ?? traceFileFor(root);
  // Worker threads copy the environment when they start: set it before vitest does.
  process.env.KATAS_TRACE_FILE = file;
  return file;
}

let sessionSeed: number | undefined;

/** KATAS_SEED as the runner was started with it, else one random seed for the whole run. */
export function runSeed(): number {
  if (sessionSeed === undefined) {
    const fromEnv = Number(process.env.KATAS_SEED);
    sessionSeed = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
  }
  return sessionSeed;
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
  /** The run it came from, tagged by the guard (runner/kit/guard.ts). */
  KATAS_TARGET?: string;
}

/**
 * An unhandled error carries no project name: the copy of the sources in its stack says
 * which target raised it, else its test file says which exercise's targets may have.
 */
function blamedTargets(targets: readonly TestTarget[], error: UnhandledError): readonly TestTarget[] {
  const tagged = targets.filter((target) => target.name === error.KATAS_TARGET);
  if (tagged.length > 0) return tagged;
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

