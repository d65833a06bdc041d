// What a class did, from the learners' rows: the exercises as columns, each task's pass
// rate among the learners graded, and the tasks most of them fail.
import type { ClassReport, ExerciseColumn, LearnerResult, TaskStat } from './types.js';

const HARDEST_SHOWN = 5;

export function buildClassReport(learners: LearnerResult[], extra: Pick<ClassReport, 'files' | 'jobs' | 'generatedAt' | 'durationMs'>): ClassReport {
  const graded = learners.filter((learner) => learner.status === 'graded');
  const columns = columnsOf(graded);
  const tasks = taskStats(graded);
  return { learners, columns, tasks, hardest: hardestTasks(tasks), ...extra };
}

/** Every learner was graded against the same pristine course; the union keeps the course's order. */
function columnsOf(graded: readonly LearnerResult[]): ExerciseColumn[] {
  const columns = new Map<string, ExerciseColumn>();
  for (const learner of graded) {
    for (const exercise of learner.exercises) {
      if (!columns.has(exercise.id)) columns.set(exercise.id, { id: exercise.id, slug: exercise.slug, title: exercise.title, possible: exercise.points.possible });
    }
  }
  return [...columns.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function taskStats(graded: readonly LearnerResult[]): TaskStat[] {
  const stats = new Map<string, TaskStat>();
  for (const learner of graded) {
    for (const exercise of learner.exercises) {
      for (const task of exercise.tasks) {
        const key = `${exercise.id}\u0000${task.number}`;
        const stat = stats.get(key) ?? { exerciseId: exercise.id, slug: exercise.slug, task: task.number, title: task.title, passed: 0, graded: 0 };
        stat.graded += 1;
        if (task.status === 'pass') stat.passed += 1;
        stats.set(key, stat);
      }
    }
  }
  return [...stats.values()].sort((a, b) => a.exerciseId.localeCompare(b.exerciseId) || a.task - b.task);
}

/** Lowest pass rate first; among equals, the course's order. Tasks everyone passes are not "hard". */
function hardestTasks(tasks: readonly TaskStat[]): TaskStat[] {
  return tasks
    .filter((task) => task.passed < task.graded)
    .map((task, index) => ({ task, index }))
    .sort((a, b) => passRate(a.task) - passRate(b.task) || a.index - b.index)
    .slice(0, HARDEST_SHOWN)
    .map(({ task }) => task);
}

export function passRate(task: TaskStat): number {
  return task.graded === 0 ? 0 : task.passed / task.graded;
}
