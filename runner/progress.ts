// The learner's progress, keyed by slug so that renumbering exercises keeps it.
// Only for display and hints: a grade is always recomputed from a run, never read here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckResult } from './check/results.js';
import { progressFile } from './paths.js';
import { focusTask } from './reporters/focus.js';

export interface ExerciseProgress {
  tasksPassed: number;
  tasksTotal: number;
  done: boolean;
  /** The task the learner is on at the last check (reporters/focus.ts): the one hints are for. */
  currentTask?: number;
  /** How many hints of each task (by number) the learner has seen. */
  hintsShown?: Record<string, number>;
  checkedAt?: string;
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

export function writeProgress(root: string, progress: Progress): void {
  const file = progressFile(root);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(progress, null, 2)}\n`);
}

export function recordCheck(root: string, result: CheckResult, now = new Date()): Progress {
  const progress = readProgress(root);
  const complete = (task: CheckResult['tasks'][number]) => task.total > 0 && task.passed === task.total;
  const currentTask = focusTask(result.tasks);
  progress.exercises[result.slug] = {
    ...progress.exercises[result.slug],
    tasksPassed: result.tasks.filter(complete).length,
    tasksTotal: result.tasks.length,
    done: result.passed,
    ...(currentTask === undefined ? {} : { currentTask }),
    checkedAt: now.toISOString(),
  };
  if (currentTask === undefined) delete progress.exercises[result.slug]?.currentTask;
  writeProgress(root, progress);
  return progress;
}

/**
 * `check --task N`: the learner is on task N, so hints follow it; what passes is still
 * the last full check's to say. Nothing is recorded before a first full check.
 */
export function recordFocus(root: string, slug: string, task: number): void {
  const progress = readProgress(root);
  const saved = progress.exercises[slug];
  if (saved === undefined) return;
  progress.exercises[slug] = { ...saved, currentTask: task };
  writeProgress(root, progress);
}

/** Forgets an exercise's progress (after a reset). */
export function forgetExercise(root: string, slug: string): void {
  const progress = readProgress(root);
  delete progress.exercises[slug];
  writeProgress(root, progress);
}
