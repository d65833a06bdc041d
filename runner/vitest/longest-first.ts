// A vitest sequencer that starts the longest test files first. Workers take files in
// order, so a long file started last keeps one core busy while the others idle; started
// first, it overlaps the many short ones. Its estimates are milliseconds per test file,
// by the file's absolute path: what the runner timed last time (runner/check/test-run.ts
// estimateFrom).
import path from 'node:path';
import type { TestSequencer, TestSequencerConstructor, TestSpecification } from 'vitest/node';

/** A file never timed runs first: it may be the longest of all. */
const UNKNOWN = Number.POSITIVE_INFINITY;

/** Milliseconds a test file is expected to take, by its absolute path with forward slashes; undefined for a file never timed. */
export type FileEstimate = (file: string) => number | undefined;

/**
 * `projects`: the projects' names in the order their files run (the self-check's shared
 * projects run one after another, a thread being handed only files of its own project);
 * longest first within each.
 */
export function longestFirst(fileEstimate: FileEstimate, projects: readonly string[] = []): TestSequencerConstructor {
  const estimateOf = (spec: TestSpecification): number => fileEstimate(spec.moduleId.split('\\').join('/')) ?? UNKNOWN;
  const groupOf = (spec: TestSpecification): number => Math.max(0, projects.indexOf(spec.project.name));
  return class LongestFirst implements TestSequencer {
    async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
      return files;
    }

    async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      return [...files].sort((a, b) => groupOf(a) - groupOf(b) || estimateOf(b) - estimateOf(a) || byName(a, b));
    }
  };
}

/** A fixed order among equals, so that two runs start their files alike. */
function byName(a: TestSpecification, b: TestSpecification): number {
  return `${a.project.name}\u0000${a.moduleId}`.localeCompare(`${b.project.name}\u0000${b.moduleId}`);
}

/**
 * The targets, longest first (the sum of their files' estimates), for the self-check's
 * shared projects: those run one after another, so the targets' order decides which
 * files start first in the whole run, and a long file in the last project would run on
 * while the other threads have nothing left. Equals keep their order.
 */
export function longestTargetsFirst<T extends { exercise: { testFiles: readonly string[] } }>(targets: readonly T[], fileEstimate: FileEstimate): T[] {
  const total = (target: T): number => target.exercise.testFiles.reduce((sum, file) => sum + (fileEstimate(path.resolve(file).split('\\').join('/')) ?? UNKNOWN), 0);
  return targets
    .map((target, index) => ({ target, index, total: total(target) }))
    .sort((a, b) => b.total - a.total || a.index - b.index)
    .map(({ target }) => target);
}
