// The runner's side of a test run in a process of its own (child.ts): the same interface
// as TestSession, so check, grade, watch and the self-check use it unchanged. When that
// process dies (a kill signal, a heap that ran out, process.kill(process.pid)), the files
// that finished keep their results, the tests that were running are named, and every
// process it started is ended (reap.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TargetOutcome } from '../check/test-collect.js';
import { CRASHED, crashReason, traceFileFor, type RunOptions, type TestTarget } from '../check/test-run.js';
import { Watchdog } from '../check/watchdog.js';
import { relativeToRoot } from '../paths.js';
import type { FromSandbox, ToSandbox } from './protocol.js';
import { BOUNDARY_VARIABLE, reap, type Stray } from './reap.js';

export const LEFT_RUNNING = (command: string) =>
  `a process started by the code under test was still running after its tests${command ? ` (${clipCommand(command)})` : ''}, and the runner ended it: keep a handle on every process you start and end it (child.kill()) when its work is done, or each run leaves one more behind`;

function clipCommand(command: string): string {
  return command.length > 80 ? `${command.slice(0, 80)}…` : command;
}

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));
/** What the process last wrote to stderr is kept to tell how it died (V8 prints "heap out of memory"). */
const STDERR_KEPT = 16_384;
/**
 * Each thread's heap limit, the largest the targets' exercises ask for (V8 applies one
 * limit to every isolate of the process): code that allocates without end meets it in
 * seconds, as "ran out of memory", rather than after minutes of a machine swapping.
 */
function heapMb(targets: readonly TestTarget[]): number {
  return Math.max(...targets.map((target) => target.exercise.limits.heapMb));
}

export class SandboxSession {
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitWaiters: (() => void)[] = [];
  private listener: ((message: FromSandbox) => void) | undefined;
  private stderr = '';
  private broken = false;

  private constructor(
    private readonly root: string,
    private readonly targets: readonly TestTarget[],
    private readonly child: ChildProcess,
    private readonly marker: string,
    private readonly traceFile: string,
    private readonly options: RunOptions,
  ) {
    child.on('message', (message: FromSandbox) => this.listener?.(message));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
    });
    // Learner code that writes to stdout must not reach the runner's own output.
    child.stdout?.resume();
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.reapAll();
      for (const wake of this.exitWaiters.splice(0)) wake();
    });
  }

  static async open(root: string, targets: readonly TestTarget[], options: RunOptions = {}): Promise<SandboxSession> {
    const marker = randomUUID();
    const traceFile = traceFileFor(root, `run-${marker}`);
    const child = spawn(process.execPath, ['--liftoff-only', `--max-old-space-size=${heapMb(targets)}`, CHILD], {
      cwd: process.cwd(),
      env: { ...process.env, [BOUNDARY_VARIABLE]: marker, KATAS_TRACE_FILE: traceFile },
      // Its own process group: ending the group ends every process it started.
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const session = new SandboxSession(root, targets, child, marker, traceFile, options);
    const { onFileDone: _onFileDone, onBusyRetry: _onBusyRetry, ...sendable } = options;
    const opened = await session.exchange({ type: 'open', root, targets, options: { ...sendable, traceFile } }, 'opened');
    if (opened.type !== 'opened') {
      await session.close();
      throw new Error(`the test run could not start: ${opened.type === 'failed' ? opened.message : session.stderr.trim() || 'it exited'}`);
    }
    return session;
  }

  /** False once a run hung or crashed: a stuck thread can only be ended with its process. */
  get usable(): boolean {
    return !this.broken && this.exited === undefined;
  }

  /** `onFileDone`: told as each file of this run finishes, besides the session's own listener. */
  async run(changed: readonly string[] = [], onFileDone?: RunOptions['onFileDone']): Promise<Map<string, TargetOutcome>> {
    const finished = new Map<string, TargetOutcome>();
    const watchdog = new Watchdog(this.traceFile, () => undefined, 0);
    const reply = await this.exchange({ type: 'run', changed }, 'done', (message) => {
      if (message.type !== 'file') return;
      watchdog.moduleEnded(message.target, message.file);
      const into = finished.get(message.target) ?? { tests: [], problems: [] };
      into.tests.push(...message.outcome.tests);
      into.problems.push(...message.outcome.problems);
      finished.set(message.target, into);
      this.options.onFileDone?.(message.target, message.file, message.outcome, message.durationMs);
      onFileDone?.(message.target, message.file, message.outcome, message.durationMs);
    });
    if (reply.type === 'done') {
      this.broken = !reply.usable;
      this.blameStrays(reply.outcomes, this.reapStrays());
      // A thread stuck in a loop spins until its process ends: end it now, not at the next run.
      if (this.broken) await this.close();
      return reply.outcomes;
    }
    this.broken = true;
    return this.afterCrash(finished, watchdog, reply.type === 'failed' ? reply.message : undefined);
  }

  async close(): Promise<void> {
    if (this.exited === undefined && this.child.connected && !this.broken) this.child.send({ type: 'close' } satisfies ToSandbox);
    await this.waitForExit(this.broken ? 0 : 10_000);
    this.reapAll();
    rmSync(this.traceFile, { force: true });
  }

  /** Files that finished keep their results; each test still running gets the reason its process died. */
  private afterCrash(finished: Map<string, TargetOutcome>, watchdog: Watchdog, failure: string | undefined): Map<string, TargetOutcome> {
    const reason = crashReason(failure ?? `${this.stderr} ${this.exited?.signal ?? ''}`);
    for (const { project, file, test, full } of watchdog.inFlight()) {
      const shown = relativeToRoot(this.root, file);
      const where = test === undefined ? `${shown}, while loading,` : `the test "${test}" in ${shown}`;
      const into = finished.get(project) ?? { tests: [], problems: [] };
      into.problems.push({ kind: 'crash', file: shown, ...(test ? { test } : {}), ...(full ? { full } : {}), message: CRASHED(where, reason) });
      finished.set(project, into);
    }
    return finished;
  }

  /** Sends one message and waits for `expected` (or the process's death); `onOther` sees every other message. */
  private exchange(message: ToSandbox, expected: FromSandbox['type'], onOther?: (message: FromSandbox) => void): Promise<FromSandbox | { type: 'exited' }> {
    return new Promise((resolve) => {
      if (this.exited !== undefined || !this.child.connected) return resolve({ type: 'exited' });
      this.listener = (reply) => {
        if (reply.type === expected || reply.type === 'failed') resolve(reply);
        else onOther?.(reply);
      };
      this.exitWaiters.push(() => resolve({ type: 'exited' }));
      this.child.send(message);
    });
  }

  private waitForExit(ms: number): Promise<void> {
    if (this.exited !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, ms);
      timer.unref();
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Everything of this run: its process group and every process that carries its marker. */
  private reapAll(): void {
    reap(this.child.pid, this.marker);
  }

  /** After a run: what learner code left running, not the session itself (watch mode keeps it). */
  private reapStrays(): Stray[] {
    return reap(undefined, this.marker, this.child.pid === undefined ? [] : [this.child.pid]);
  }

  /**
   * A process left running is a problem of the target whose test started it. Only the run
   * process's own children are named: what they started in turn (tsx's esbuild service)
   * ends with them, and is not a second mistake. A process that names no owner (it ended
   * while it was read, or started before any test file) is its run's when the run has one
   * target; among several it is killed and blamed on none, where it used to fail them all
   * (one probe a stopped thread left behind failed every solution of a self-check).
   */
  private blameStrays(outcomes: Map<string, TargetOutcome>, strays: readonly Stray[]): void {
    for (const stray of strays.filter((item) => item.parent === undefined || item.parent === this.child.pid)) {
      const file = stray.testFile === undefined ? {} : { file: relativeToRoot(this.root, stray.testFile) };
      for (const target of ownersOf(stray, this.targets)) outcomes.get(target.name)?.problems.push({ kind: 'left-open', ...file, message: LEFT_RUNNING(stray.command) });
    }
  }
}

/** The targets a stray process belongs to: the one it names, those whose tests include its file, or the run's only one. */
export function ownersOf(stray: Stray, targets: readonly TestTarget[]): TestTarget[] {
  if (stray.target !== undefined) return targets.filter((target) => target.name === stray.target);
  if (stray.testFile !== undefined) return targets.filter((target) => target.exercise.testFiles.includes(stray.testFile ?? ''));
  return targets.length === 1 ? [...targets] : [];
}
