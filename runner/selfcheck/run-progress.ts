// A self-check runs for minutes: a line per exercise as the last test file of a wave
// settles (on a terminal, a bar in between), with the time since the start, so an
// author sees it move and which exercise takes long.
import type { Exercise } from '../course/exercise.js';

export interface ExerciseRuns {
  exercise: Exercise;
  /** Test file runs planned for its targets. */
  files: number;
}

export type ProgressWriter = (text: string) => void;

export interface RunProgress {
  /** A test file of a target (named `<folder>:…`) finished. */
  fileDone: (target: string) => void;
  /** Ends the line a terminal was rewriting. */
  end: () => void;
}

export interface ProgressLabel {
  /** When the whole self-check started (ms since the epoch). */
  started: number;
  /** What the runs are, e.g. `test file runs`. */
  runs: string;
  tty: boolean;
}

export function runProgress(plans: readonly ExerciseRuns[], write: ProgressWriter, { started, runs, tty }: ProgressLabel, now: () => number = Date.now): RunProgress {
  const planned = new Map(plans.map((plan) => [plan.exercise.folder, plan]));
  const done = new Map<string, number>();
  const total = plans.reduce((sum, plan) => sum + plan.files, 0);
  let finished = 0;
  let rewriting = false;
  const elapsed = () => `${Math.round((now() - started) / 1000)} s`;
  return {
    fileDone(target) {
      finished += 1;
      const folder = target.split(':')[0] ?? '';
      const plan = planned.get(folder);
      const count = (done.get(folder) ?? 0) + 1;
      done.set(folder, count);
      if (plan && count === plan.files) {
        write(`${rewriting ? '\r\x1b[K' : ''}${plan.exercise.id} ${plan.exercise.slug}: ${plan.files} ${runs} done at ${elapsed()}\n`);
        rewriting = false;
      } else if (tty) {
        write(`\r\x1b[K${bar(finished, total)} ${finished}/${total} ${runs} · ${elapsed()}`);
        rewriting = true;
      }
    },
    end() {
      if (rewriting) write('\r\x1b[K');
      rewriting = false;
    },
  };
}

const BAR_WIDTH = 24;

function bar(done: number, total: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH));
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}
