// Static rules in a worker thread for `npm run check`: loading ts-morph (and the
// TypeScript inside it) takes about half a second of CPU, which would otherwise block
// the main thread while vitest is starting there.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { RuleRef } from '../course/manifest.js';
import type { RuleViolation } from './results.js';
import { runStaticRules } from './static-rules.js';

interface Job {
  root: string;
  rules: readonly RuleRef[];
  dir: string;
}

type Answer = { violations: RuleViolation[] } | { error: string };

export function runStaticRulesInWorker(root: string, rules: readonly RuleRef[], dir: string): Promise<RuleViolation[]> {
  if (rules.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { root, rules, dir } satisfies Job });
    worker.once('message', (answer: Answer) => {
      void worker.terminate();
      if ('error' in answer) reject(new Error(answer.error));
      else resolve(answer.violations);
    });
    worker.once('error', reject);
  });
}

if (parentPort && (workerData as Job | undefined)?.rules) {
  const job = workerData as Job;
  const port = parentPort;
  runStaticRules(job.root, job.rules, job.dir).then(
    (violations) => port.postMessage({ violations } satisfies Answer),
    (error: unknown) => port.postMessage({ error: (error as Error).message } satisfies Answer),
  );
}
