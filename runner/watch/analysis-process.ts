// Watch mode's typecheck and static rules, in a process of their own that stays warm
// between saves and runs at a lower priority than the tests. Typechecking a solved
// exercise-01 takes about 70 ms of CPU; on two cores, side by side with the test thread
// and vitest's main thread, it used to slow the tests by as much. At a lower priority it
// takes only the CPU the tests leave, and is done before them.
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RuleRef } from '../course/manifest.js';
import type { RuleViolation, TypeDiagnostic } from '../check/results.js';
import { runStaticRules } from '../check/static-rules.js';
import { WarmTypecheck } from '../check/warm-typecheck.js';

type Request =
  | { id: number; kind: 'typecheck'; root: string; files: readonly string[] }
  | { id: number; kind: 'rules'; root: string; rules: readonly RuleRef[]; dir: string };

type Reply = { id: number; value: TypeDiagnostic[] | RuleViolation[] } | { id: number; error: string };

interface Waiting {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  /** The process asked: when it ends, only its own questions go unanswered. */
  child: ChildProcess;
}

/** Marks the forked process, so that importing this module anywhere else serves nothing. */
const SERVE_ENV = 'KATAS_ANALYSIS_PROCESS';
/** "Nice" 10 on Linux and macOS, below normal on Windows. */
const LOWER_PRIORITY = 10;

/** The watch process's side: requests answered in any order, matched by id. */
export class AnalysisProcess {
  private child: ChildProcess | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(private readonly root: string) {
    this.running();
  }

  typecheck(files: readonly string[]): Promise<TypeDiagnostic[]> {
    return this.ask({ kind: 'typecheck', root: this.root, files });
  }

  rules(rules: readonly RuleRef[], dir: string): Promise<RuleViolation[]> {
    if (rules.length === 0) return Promise.resolve([]);
    return this.ask({ kind: 'rules', root: this.root, rules, dir });
  }

  close(): void {
    this.child?.removeAllListeners('exit');
    this.child?.kill();
    this.child = undefined;
  }

  private ask<T>(request: DistributiveOmit<Request, 'id'>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const child = this.running();
      this.waiting.set(id, { resolve: resolve as (value: never) => void, reject, child });
      child.send({ ...request, id });
    });
  }

  /** The process, started again if it ended (a crash must cost one check, not every save after it). */
  private running(): ChildProcess {
    if (this.child?.connected === true) return this.child;
    // None of this process's node flags: an --inspect port or an --input-type would break it.
    const child = fork(fileURLToPath(import.meta.url), [], { execArgv: [], env: { ...process.env, [SERVE_ENV]: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    try {
      if (child.pid !== undefined) setPriority(child.pid, LOWER_PRIORITY);
    } catch {
      // Not allowed here: it runs at normal priority, only a little slower.
    }
    child.on('message', (reply: Reply) => this.settle(reply));
    child.on('error', (error) => this.failAll(child, error));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      this.failAll(child, new Error(`the typecheck process ended (${signal ?? `exit code ${String(code)}`})`));
    });
    this.child = child;
    return child;
  }

  private settle(reply: Reply): void {
    const waiting = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    if ('error' in reply) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(reply.value as never);
  }

  private failAll(child: ChildProcess, error: Error): void {
    for (const [id, waiting] of this.waiting) {
      if (waiting.child !== child) continue;
      this.waiting.delete(id);
      waiting.reject(error);
    }
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** The forked process's side: the typechecker is opened once and keeps every parsed file. */
function serve(send: (reply: Reply) => void): void {
  let typechecker: Promise<WarmTypecheck> | undefined;
  process.on('message', (request: Request) => {
    const work: Promise<TypeDiagnostic[] | RuleViolation[]> =
      request.kind === 'typecheck'
        ? (typechecker ??= WarmTypecheck.open(request.root)).then((checker) => checker.check(request.files))
        : runStaticRules(request.root, request.rules, request.dir);
    work.then(
      (value) => send({ id: request.id, value }),
      (error: unknown) => send({ id: request.id, error: (error as Error).message }),
    );
  });
  // The watch process is gone (even killed): nothing is left to answer.
  process.on('disconnect', () => process.exit(0));
}

if (process.env[SERVE_ENV] === '1' && process.send !== undefined) {
  const send = process.send.bind(process);
  serve((reply) => void send(reply));
}
