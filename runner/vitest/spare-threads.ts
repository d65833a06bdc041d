// Watch mode's test workers. vitest gives every run a fresh worker thread (that is its
// isolation), and booting one costs about 120 ms of a save's 300 ms budget. This pool
// boots the next thread while the learner is still typing: as soon as a thread has run
// its file, a spare one is started, and the next run takes it. Every test file still
// gets a thread of its own, one that has never run a test before.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';

export const SPARE_THREADS_POOL = 'katas-spare-threads';

interface Spare {
  /** The entry point, environment and flags it was started with: a spare is only used for the same. */
  key: string;
  thread: Worker;
}

type Listener = (arg: unknown) => void;

/** At most this many spares wait at once: one per worker vitest runs side by side. */
let spareLimit = 1;
const spares: Spare[] = [];

export function spareThreadsPool(workers: number): PoolRunnerInitializer {
  spareLimit = Math.max(1, workers);
  return { name: SPARE_THREADS_POOL, createPoolWorker: (options) => new SpareThreadWorker(options) };
}

/** Ends the spares (when watch moves to another exercise, or quits). */
export async function dropSpares(): Promise<void> {
  await Promise.all(spares.splice(0).map(({ thread }) => thread.terminate()));
}

class SpareThreadWorker implements PoolWorker {
  readonly name = SPARE_THREADS_POOL;
  private readonly entrypoint: string;
  private readonly key: string;
  private thread: Worker | undefined;

  constructor(private readonly options: PoolOptions) {
    // The same worker script vitest's own `threads` pool runs.
    this.entrypoint = path.resolve(options.distPath, 'workers/threads.js');
    this.key = JSON.stringify([this.entrypoint, options.env, options.execArgv]);
  }

  async start(): Promise<void> {
    if (this.thread) return;
    this.thread = takeSpare(this.key) ?? this.boot();
    this.thread.ref();
    this.pipe(this.thread, true);
  }

  async stop(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    if (!thread) return;
    await thread.terminate();
    this.pipe(thread, false);
    dropStale(this.key);
    if (spares.length < spareLimit) addSpare(this.key, this.boot());
  }

  send(message: WorkerRequest): void {
    this.running().postMessage(message);
  }

  on(event: string, callback: Listener): void {
    this.running().on(event, callback);
  }

  off(event: string, callback: Listener): void {
    this.running().off(event, callback);
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  private boot(): Worker {
    const thread = new Worker(this.entrypoint, { env: this.options.env, execArgv: this.options.execArgv, stdout: true, stderr: true });
    // A waiting spare must not keep the process alive after the last run.
    thread.unref();
    return thread;
  }

  /** What the learner's code prints goes where vitest's own threads send it. */
  private pipe(thread: Worker, on: boolean): void {
    const { outputStream, errorStream } = this.options.project.vitest.logger;
    for (const [from, to] of [
      [thread.stdout, outputStream],
      [thread.stderr, errorStream],
    ] as const) {
      to.setMaxListeners(to.getMaxListeners() + (on ? 1 : -1));
      if (on) from.pipe(to);
      else from.unpipe(to);
    }
  }

  private running(): Worker {
    if (!this.thread) throw new Error('the test thread was used before it started or after it stopped');
    return this.thread;
  }
}

/** Spares of an earlier session (another trace file in their environment) can never be used. */
function dropStale(key: string): void {
  for (let index = spares.length - 1; index >= 0; index -= 1) {
    if (spares[index]?.key !== key) void spares.splice(index, 1)[0]?.thread.terminate();
  }
}

/** A spare that fails or ends while waiting is simply forgotten: the next run boots a thread of its own. */
function addSpare(key: string, thread: Worker): void {
  const spare = { key, thread };
  const forget = () => {
    const index = spares.indexOf(spare);
    if (index !== -1) spares.splice(index, 1);
  };
  thread.once('error', forget).once('exit', forget);
  spares.push(spare);
}

function takeSpare(key: string): Worker | undefined {
  const index = spares.findIndex((spare) => spare.key === key);
  if (index === -1) return undefined;
  const [spare] = spares.splice(index, 1);
  // From here on its errors are the run's, reported by vitest.
  spare?.thread.removeAllListeners('error').removeAllListeners('exit');
  return spare?.thread;
}
