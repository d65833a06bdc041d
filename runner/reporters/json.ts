// Machine-readable output: the result objects themselves, stable keys, one document.
import type { Reporter } from './types.js';

const toJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export const jsonReporter: Reporter = {
  check: toJson,
  overview: toJson,
  selfcheck: (report) =>
    toJson({
      ok: report.ok,
      durationMs: report.durationMs,
      stalls: report.stalls,
      exercises: report.exercises.map((exercise) => ({
        id: exercise.id,
        slug: exercise.slug,
        tasks: exercise.tasks,
        tests: exercise.tests,
        seeds: exercise.seeds,
        mutants: exercise.mutants.length,
        mutantsKilled: exercise.mutantsKilled,
        starterFailingTasks: exercise.starterFailingTasks.length,
        solutionPasses: exercise.solutionPasses,
        ok: exercise.ok,
        survivors: exercise.mutants.filter((mutant) => !mutant.killed).map((mutant) => mutant.name),
        starterPassingTasks: exercise.starterPassingTasks,
        starterPassingTests: exercise.starterPassingTests,
        solutionFailingTests: exercise.solutionFailures.tests,
        structure: exercise.structure,
      })),
    }),
  seeds: (report) =>
    toJson({
      ok: report.ok,
      durationMs: report.durationMs,
      seeds: report.seeds,
      stalls: report.stalls,
      exercises: report.exercises.map((exercise) => ({ id: exercise.id, slug: exercise.slug, files: exercise.files, ok: exercise.ok, breaks: exercise.breaks })),
    }),
};
