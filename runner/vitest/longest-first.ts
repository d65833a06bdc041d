// A vitest sequencer that starts the longest test files first. Workers take files in
// order, so a long file started last keeps one core busy while the others idle; started
// first, it overlaps the many short ones. Its estimates are milliseconds per test file
// (by the file's key, runner/check/test-run.ts testFileKey), the same for every target
// and every copy that runs that file.
import type { TestSequencer, TestSequencerConstructor, TestSpecification } from 'vitest/node';

/** A file never timed runs first: it may be the longest of all. */
const UNKNOWN = Number.POSITIVE_INFINITY;

/**
 * `keyOf`: a test file's key, from its absolute path with forward slashes. `projects`: the
 * projects' names in the order their files run (the self-check's shared projects run one
 * after another, a thread being handed only files of its own project); longest first
 * within each.
 */
export function longestFirst(estimates: Readonly<Record<string, number>>, keyOf: (file: string) => string | undefined, projects: readonly string[] = []): TestSequencerConstructor {
  const estimateOf = (spec: TestSpecification): number => estimates[keyOf(spec.moduleId.split('\\').join('/')) ?? ''] ?? UNKNOWN;
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
