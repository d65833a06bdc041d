// The messages between the runner and the process its tests run in (structured clone
// over the IPC channel, so Maps and Sets pass as they are).
import type { TargetOutcome } from '../check/test-collect.js';
import type { RunOptions, TestTarget } from '../check/test-run.js';

/** What the runner can send: RunOptions without its callbacks, which cannot cross processes. */
export type SandboxOptions = Omit<RunOptions, 'onFileDone' | 'onBusyRetry'>;

export type ToSandbox =
  | { type: 'open'; root: string; targets: readonly TestTarget[]; options: SandboxOptions }
  | { type: 'run'; changed: readonly string[] }
  | { type: 'close' };

export type FromSandbox =
  | { type: 'opened' }
  | { type: 'file'; target: string; file: string; outcome: TargetOutcome; durationMs?: number }
  | { type: 'done'; outcomes: Map<string, TargetOutcome>; usable: boolean }
  | { type: 'failed'; message: string };
