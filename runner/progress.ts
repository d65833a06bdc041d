// The learner's progress, keyed by slug so that renumbering exercises keeps it.
// Only for display: a grade is always recomputed from a run, never read from here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckResult } from './check/results.js';
import { progressFile } from './paths.js';

export interface ExerciseProgress {
  tasksPassed: number;
  tasksTotal: number;
  done: boolean;
  checkedAt: string;
}

export interface Progress {
  version: 1;
  exercises: Record<string, ExerciseProgress>;
}

export function readProgress(root: string): Progress {
  try {
    const data = JSON.parse(readFileSync(progressFile(root), 'utf8')) as Progress;
    if (data.version === 1 && typeof data.exercises === 'object' && data.exercises !== null) return data;
  } catch {
    // Missing or damaged: the learner may delete it, and it is rebuilt by the next check.
  }
  return { version: 1, exercises: {} };
}

export function recordCheck(root: string, result: CheckResult, now = new Date()): Progress {
  const progress = readProgress(root);
  progress.exercises[result.slug] = {
    tasksPassed: result.tasks.filter((task) => task.total > 0 && task.passed === task.total).length,
    tasksTotal: result.tasks.length,
    done: result.passed,
    checkedAt: now.toISOString(),
  };
  const file = progressFile(root);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(progress, null, 2)}\n`);
  return progress;
}
