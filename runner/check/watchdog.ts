// Notices a test file that stopped making progress. Vitest's own timeouts need the
// worker's event loop, which an endless synchronous loop in learner code never gives
// back; this runs in the runner's thread and reads the trace that runner/kit/guard.ts
// writes synchronously, so it can name the test that hangs.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Limits } from '../course/manifest.js';

export interface Stall {
  project: string;
  file: string;
  /** The test that was running, or undefined when the file hung outside any test (at import). */
  test: string | undefined;
  waitedMs: number;
}

interface TraceEvent {
  event: 'load' | 'start' | 'end';
  project: string;
  file: string;
  test: string;
  /** The test's own timeout, when it sets one. */
  timeout?: number;
  at: number;
}

interface ModuleState {
  lastActivity: number;
  running?: { test: string; since: number; timeout: number | undefined };
}

const LOAD_BUDGET_MS = 10_000;

const key = (project: string, file: string) => `${project}\u0000${file}`;

export class Watchdog {
  private readonly modules = new Map<string, ModuleState>();
  private readonly ended = new Set<string>();
  private readonly projectStarts = new Map<string, number>();
  private offset = 0;

  constructor(
    private readonly traceFile: string,
    private readonly limitsOf: (project: string) => Limits | undefined,
    private readonly graceMs: number,
  ) {
    // A trace file may outlive one run (watch mode): only what this run writes counts.
    try {
      this.offset = statSync(traceFile).size;
    } catch {
      this.offset = 0;
    }
  }

  moduleEnded(project: string, file: string): void {
    this.modules.delete(key(project, file));
    this.ended.add(key(project, file));
  }

  /** The first file that has made no progress for longer than its limits allow. */
  findStall(now = Date.now()): Stall | undefined {
    this.readTrace();
    for (const [id, state] of this.modules) {
      const [project = '', file = ''] = id.split('\u0000');
      const limits = this.limitsOf(project);
      if (!limits) continue;
      const since = state.running?.since ?? state.lastActivity;
      // Loading may take seconds (an embedded database), a stuck test only its own timeout.
      const budget = state.running ? Math.max(limits.testTimeoutMs, state.running.timeout ?? 0) : Math.max(limits.testTimeoutMs, LOAD_BUDGET_MS);
      const allowed = budget + this.graceMs;
      const projectStart = this.projectStarts.get(project) ?? since;
      // Each step may be within its limit while the whole suite is not (a slow loop of slow tests).
      if (now - since > allowed) return { project, file, test: state.running?.test, waitedMs: now - since };
      if (now - projectStart > limits.runTimeoutMs + this.graceMs) return { project, file, test: state.running?.test, waitedMs: now - projectStart };
    }
    return undefined;
  }

  private readTrace(): void {
    for (const event of this.readNewEvents()) {
      const id = key(event.project, event.file);
      if (this.ended.has(id)) continue;
      if (event.event === 'load') {
        this.modules.set(id, { lastActivity: event.at });
        if (!this.projectStarts.has(event.project)) this.projectStarts.set(event.project, event.at);
      }
      const state = this.modules.get(id);
      if (!state) continue;
      state.lastActivity = event.at;
      state.running = event.event === 'start' ? { test: event.test, since: event.at, timeout: event.timeout } : undefined;
      if (event.event === 'load') state.running = undefined;
    }
  }

  private readNewEvents(): TraceEvent[] {
    let fd: number;
    try {
      fd = openSync(this.traceFile, 'r');
    } catch {
      return [];
    }
    try {
      const chunks: Buffer[] = [];
      const buffer = Buffer.alloc(64 * 1024);
      let read: number;
      while ((read = readSync(fd, buffer, 0, buffer.length, this.offset)) > 0) {
        chunks.push(Buffer.from(buffer.subarray(0, read)));
        this.offset += read;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const complete = text.slice(0, text.lastIndexOf('\n') + 1);
      this.offset -= Buffer.byteLength(text) - Buffer.byteLength(complete);
      return complete.split('\n').filter(Boolean).map((line) => JSON.parse(line) as TraceEvent);
    } finally {
      closeSync(fd);
    }
  }
}
