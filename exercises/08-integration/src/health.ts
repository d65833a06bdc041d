// Liveness and readiness: two different questions an orchestrator asks.
// /healthz: "is this process alive?" (if not, restart it).
// /readyz:  "can it serve traffic now?" (if not, send requests elsewhere for a while).
// README.md, task 3, lists the rules the tests hold you to.
import type { RequestListener } from 'node:http';

/** Something the service needs in order to serve: a database, a queue, another API. */
export interface Dependency {
  readonly name: string;
  /** Resolves when the dependency answers, rejects when it fails; should stop when `signal` aborts. */
  check(signal: AbortSignal): Promise<void>;
}

export type CheckResult = 'up' | 'down' | 'timeout';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, CheckResult>>;
}

export interface HealthOptions {
  readonly dependencies: readonly Dependency[];
  /** How long one check may take before it counts as failed. */
  readonly timeoutMs: number;
}

export interface HealthRoutes {
  /** GET /healthz */
  readonly liveness: RequestListener;
  /** GET /readyz */
  readonly readiness: RequestListener;
}

/** Runs every check at once, each bounded by timeoutMs; never rejects. */
export async function checkReadiness(dependencies: readonly Dependency[], timeoutMs: number): Promise<ReadinessReport> {
  void dependencies;
  void timeoutMs;
  throw new Error('TODO: task 3 — run every check at once, each raced against a setTimeout of timeoutMs, and report up, down or timeout by name');
}

export function createHealthRoutes(options: HealthOptions): HealthRoutes {
  void options;
  throw new Error('TODO: task 3 — return a liveness listener (always 200) and a readiness listener (200 or 503 from checkReadiness)');
}
