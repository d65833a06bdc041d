// Every exercise with its state, from the saved progress: what `npm run check` with no
// exercise and `npm run list` show.
import type { Exercise } from './course/exercise.js';
import type { Progress } from './progress.js';

export type ExerciseState = 'not-started' | 'in-progress' | 'done';

export interface OverviewRow {
  id: string;
  slug: string;
  title: string;
  state: ExerciseState;
  tasksPassed: number;
  tasksTotal: number;
}

export interface Overview {
  rows: OverviewRow[];
  /** The first exercise not done, or undefined when all are. */
  current: OverviewRow | undefined;
  tasksPassed: number;
  tasksTotal: number;
}

export function buildOverview(course: readonly Exercise[], progress: Progress): Overview {
  const rows = course.map((exercise): OverviewRow => {
    const saved = progress.exercises[exercise.slug];
    const tasksTotal = exercise.tasks.length;
    const tasksPassed = saved?.done ? tasksTotal : Math.min(saved?.tasksPassed ?? 0, tasksTotal);
    const state: ExerciseState = saved?.done ? 'done' : saved ? 'in-progress' : 'not-started';
    return { id: exercise.id, slug: exercise.slug, title: exercise.title, state, tasksPassed, tasksTotal };
  });
  return {
    rows,
    current: rows.find((row) => row.state !== 'done'),
    tasksPassed: rows.reduce((sum, row) => sum + row.tasksPassed, 0),
    tasksTotal: rows.reduce((sum, row) => sum + row.tasksTotal, 0),
  };
}
