// Task 4: a job queue with a concurrency limit, a bounded backlog, retries and a way to
// wait until idle. See README.md, section 4.

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
  constructor(options: JobQueueOptions) {
    throw new Error('TODO: task 4 — check the options and set up the queue');
  }

  /** Jobs running now. */
  get running(): number {
    throw new Error('TODO: task 4 — JobQueue.running');
  }

  /** Jobs waiting for a free slot. */
  get waiting(): number {
    throw new Error('TODO: task 4 — JobQueue.waiting');
  }

  /** Runs the job when a slot is free; settles as the job finally does, or rejects with QueueFullError. */
  add<T>(job: Job<T>): Promise<T> {
    throw new Error('TODO: task 4 — JobQueue.add()');
  }

  /** Resolves once no job is running or waiting (at once when that is already so). */
  onIdle(): Promise<void> {
    throw new Error('TODO: task 4 — JobQueue.onIdle()');
  }
}
