// A job queue with a concurrency limit, a bounded backlog, retries and a way to wait
// until idle. The bound is the point: a queue that accepts everything turns a traffic
// spike into unbounded memory and latency; refusing early lets the caller shed load
// (answer 503, or try later) while the service stays healthy.

export type Job<T> = () => Promise<T>;

export interface JobQueueOptions {
  /** How many jobs run at once (an integer of 1 or more). */
  concurrency: number;
  /** How many jobs may wait for a free slot (an integer of 0 or more); more are refused. */
  maxBacklog: number;
  /** How many times a failing job is tried again before its promise rejects (default 0). */
  retries?: number;
  /** How long to wait before each retry, in milliseconds (default 0). */
  retryDelayMs?: number;
}

/** add() rejects with this when the backlog is full: the caller decides what to do. */
export class QueueFullError extends Error {
  constructor(readonly maxBacklog: number) {
    super(`the queue is full: ${maxBacklog} jobs are already waiting`);
    this.name = 'QueueFullError';
  }
}

export class JobQueue {
  readonly #concurrency: number;
  readonly #maxBacklog: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  // The backlog is bounded, so an array's shift() stays cheap.
  readonly #waiting: Array<() => void> = [];
  readonly #idleWaiters: Array<() => void> = [];
  #running = 0;

  constructor(options: JobQueueOptions) {
    this.#concurrency = checkInteger('concurrency', options.concurrency, 1);
    this.#maxBacklog = checkInteger('maxBacklog', options.maxBacklog, 0);
    this.#retries = checkInteger('retries', options.retries ?? 0, 0);
    this.#retryDelayMs = options.retryDelayMs ?? 0;
  }

  /** Jobs running now. */
  get running(): number {
    return this.#running;
  }

  /** Jobs waiting for a free slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs the job when a slot is free; settles as the job finally does, or rejects with QueueFullError. */
  add<T>(job: Job<T>): Promise<T> {
    const full = this.#running >= this.#concurrency && this.#waiting.length >= this.#maxBacklog;
    if (full) return Promise.reject(new QueueFullError(this.#maxBacklog));
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#running += 1;
        this.#attempt(job)
          .then(resolve, reject)
          .finally(() => {
            this.#running -= 1;
            this.#startWaiting();
          });
      };
      if (this.#running < this.#concurrency) start();
      else this.#waiting.push(start);
    });
  }

  /** Resolves once no job is running or waiting (at once when that is already so). */
  onIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async #attempt<T>(job: Job<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await job();
      } catch (error) {
        if (attempt >= this.#retries) throw error;
        // The job keeps its slot while it waits, so a retry can neither jump the queue
        // nor push the backlog over its bound.
        if (this.#retryDelayMs > 0) await delay(this.#retryDelayMs);
      }
    }
  }

  #startWaiting(): void {
    while (this.#running < this.#concurrency && this.#waiting.length > 0) this.#waiting.shift()?.();
    if (this.#isIdle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #isIdle(): boolean {
    return this.#running === 0 && this.#waiting.length === 0;
  }
}

function checkInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer of ${min} or more, got ${value}`);
  return value;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
