// A vitest sequencer that starts the longest test files first. Workers take files in
// order, so a long file started last keeps one core busy while the others idle; started
// first, it overlaps the many short ones. Its estimates are milliseconds per test file
// (relative to the root), the same for every target that runs that file.
import path from 'node:path';
import type { TestSequencer, TestSequencerConstructor, TestSpecification } from 'vitest/node';

/** A file never timed runs first: it may be the longest of all. */
const UNKNOWN = Number.POSITIVE_INFINITY;

export function longestFirst(root: string, estimates: Readonly<Record<string, number>>): TestSequencerConstructor {
  const estimateOf = (spec: TestSpecification): number => estimates[path.relative(root, spec.moduleId).split(path.sep).join('/')] ?? UNKNOWN;
  return class LongestFirst implements TestSequencer {
    async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
      return files;
    }

    async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      return [...files].sort((a, b) => estimateOf(b) - estimateOf(a) || byName(a, b));
    }
  };
}

/** A fixed order among equals, so that two runs start their files alike. */
function byName(a: TestSpecification, b: TestSpecification): number {
  return `${a.project.name}\u0000${a.moduleId}`.localeCompare(`${b.project.name}\u0000${b.moduleId}`);
}
