// Watch mode's typecheck and static rules, in a thread of their own that stays warm
// between saves. On the main thread their 100 ms of parsing would hold up vitest, which
// serves every module the test thread imports from there: the tests would only start
// once the typecheck had finished, instead of side by side with it.
import { parentPort, Worker, workerData } from 'node:worker_threads';
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
}

/** The main thread's side: one request at a time per kind, answered in any order. */
export class AnalysisThread {
  private readonly thread = new Worker(new URL(import.meta.url), { workerData: { analysis: true } });
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(private readonly root: string) {
    this.thread.unref();
    this.thread.on('message', (reply: Reply) => this.settle(reply));
    this.thread.on('error', (error) => this.failAll(error));
  }

  typecheck(files: readonly string[]): Promise<TypeDiagnostic[]> {
    return this.ask({ kind: 'typecheck', root: this.root, files });
  }

  rules(rules: readonly RuleRef[], dir: string): Promise<RuleViolation[]> {
    if (rules.length === 0) return Promise.resolve([]);
    return this.ask({ kind: 'rules', root: this.root, rules, dir });
  }

  async close(): Promise<void> {
    await this.thread.terminate();
  }

  private ask<T>(request: DistributiveOmit<Request, 'id'>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      this.thread.postMessage({ ...request, id });
    });
  }

  private settle(reply: Reply): void {
    const waiting = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    if ('error' in reply) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(reply.value as never);
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** The thread's side: the typechecker is opened once and keeps every parsed file. */
function serve(port: NonNullable<typeof parentPort>): void {
  let typechecker: Promise<WarmTypecheck> | undefined;
  port.on('message', (request: Request) => {
    const work: Promise<TypeDiagnostic[] | RuleViolation[]> =
      request.kind === 'typecheck'
        ? (typechecker ??= WarmTypecheck.open(request.root)).then((checker) => checker.check(request.files))
        : runStaticRules(request.root, request.rules, request.dir);
    work.then(
      (value) => port.postMessage({ id: request.id, value } satisfies Reply),
      (error: unknown) => port.postMessage({ id: request.id, error: (error as Error).message } satisfies Reply),
    );
  });
}

if (parentPort && (workerData as { analysis?: boolean } | null)?.analysis === true) serve(parentPort);
