// Liveness and readiness: two different questions an orchestrator asks.
// /healthz: "is this process alive?" (if not, restart it).
// /readyz:  "can it serve traffic now?" (if not, send requests elsewhere for a while).
import type { RequestListener, ServerResponse } from 'node:http';

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
  const results = await Promise.all(dependencies.map((dependency) => checkOne(dependency, timeoutMs)));
  const checks = Object.fromEntries(dependencies.map((dependency, index) => [dependency.name, results[index] as CheckResult]));
  return { ready: results.every((result) => result === 'up'), checks };
}

export function createHealthRoutes(options: HealthOptions): HealthRoutes {
  return {
    // Liveness checks nothing outside the process: a database outage must not make
    // the orchestrator restart every replica (which would not bring the database back).
    liveness: (_req, res) => sendJson(res, 200, { status: 'ok' }),
    readiness: (_req, res) => {
      void checkReadiness(options.dependencies, options.timeoutMs).then((report) => {
        // The checks' names and outcomes only: error texts can carry hosts or user names.
        sendJson(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', checks: report.checks });
      });
    },
  };
}

function checkOne(dependency: Dependency, timeoutMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  return new Promise<CheckResult>((resolve) => {
    const timer = setTimeout(() => {
      controller.abort(new Error(`${dependency.name} did not answer within ${timeoutMs} ms`));
      resolve('timeout');
    }, timeoutMs);
    const settle = (result: CheckResult) => {
      clearTimeout(timer);
      resolve(result);
    };
    try {
      dependency.check(controller.signal).then(() => settle('up'), () => settle('down'));
    } catch {
      // A check that throws before returning its promise is as down as one that rejects.
      settle('down');
    }
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  // A cached "ready" would hide an outage from the next probe.
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}
