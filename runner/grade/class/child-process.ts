// Runs one learner's grading as a process of its own, bounded in time. It leads its own
// process group, so that on a timeout the whole group (with any server or worker the
// learner's code started) is killed, not only the process we started.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The end of what it wrote to stderr, for the error row. */
  stderr: string;
  durationMs: number;
}

const STDERR_KEPT = 4_000;
const running = new Set<ChildProcess>();

export function runChild(command: string, args: readonly string[], options: { timeoutMs: number; env: NodeJS.ProcessEnv; cwd: string }): Promise<ChildOutcome> {
  const started = Date.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', 'pipe'], detached: process.platform !== 'win32' });
  running.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, options.timeoutMs);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(child);
      resolve({ exitCode, signal, timedOut, stderr, durationMs: Date.now() - started });
    };
    // Whatever the learner's code left behind in the group goes with it; then stderr closes.
    child.once('exit', () => killGroup(child));
    child.once('close', finish);
    child.once('error', (error) => {
      stderr += error.message;
      finish(null, null);
    });
  });
}

/** Ends every grading process still running (the instructor pressed Ctrl-C). */
export function killAllChildren(): void {
  for (const child of running) killGroup(child);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
