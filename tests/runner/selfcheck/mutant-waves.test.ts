// The two waves of the quick self-check: first each mutant's likeliest file (or, on the
// copy the last run caught it on, only the test that caught it), then, for the mutants
// the first wave did not catch, every file it did not run in full.
import { describe, expect, it } from 'vitest';
import type { TargetOutcome } from '../../../runner/check/test-collect.js';
import type { TestTarget } from '../../../runner/check/test-run.js';
import type { Exercise } from '../../../runner/course/exercise.js';
import { firstWave, killerOf, secondWave, type MutantRun } from '../../../runner/selfcheck/mutant-targets.js';

const exercise = { folder: '01-x', dir: '/course/.katas/selfcheck.01-x.mutant.m', testFiles: [] } as unknown as Exercise;
const file = (name: string) => `${exercise.dir}/tests/${name}`;

function run(name: string, alone?: string): MutantRun {
  const target: TestTarget = { name, exercise, firstFailure: `/caught/${name}` };
  return { target, files: [file('a.test.ts'), file('b.test.ts')], fingerprint: `print-${name}`, ...(alone === undefined ? {} : { alone }) };
}

const shape = (targets: TestTarget[]) => targets.map((target) => ({ name: target.name, only: target.only, files: target.exercise.testFiles.map((path) => path.split('/').at(-1)) }));
const failed = (name: string): TargetOutcome => ({ tests: [{ task: 1, file: `.katas/selfcheck.01-x.mutant.m/tests/${name}`, path: ['task 1: x', 'catches it'], name: 'catches it', state: 'failed', durationMs: 1 }], problems: [] });
const passed: TargetOutcome = { tests: [], problems: [] };

describe('the waves of mutant runs', () => {
  it('runs the recorded test alone first, then every file in full when it no longer catches the mutant', () => {
    const runs = [run('alone', 'task 1: x > catches it'), run('fresh')];
    expect(shape(firstWave(runs, false))).toEqual([
      { name: 'alone', only: 'task 1: x > catches it', files: ['a.test.ts'] },
      { name: 'fresh', only: undefined, files: ['a.test.ts'] },
    ]);
    const outcomes = new Map([
      ['alone', passed],
      ['fresh', passed],
    ]);
    expect(shape(secondWave(runs, false, outcomes))).toEqual([
      { name: 'alone', only: undefined, files: ['a.test.ts', 'b.test.ts'] },
      { name: 'fresh', only: undefined, files: ['b.test.ts'] },
    ]);
  });

  it('runs nothing more for a mutant the first wave caught', () => {
    const runs = [run('alone', 'task 1: x > catches it'), run('fresh')];
    const outcomes = new Map([
      ['alone', failed('a.test.ts')],
      ['fresh', failed('a.test.ts')],
    ]);
    expect(secondWave(runs, false, outcomes)).toEqual([]);
  });

  it('records the first failing test with the fingerprint of the copy it ran on', () => {
    expect(killerOf('/course', run('fresh'), failed('b.test.ts'))).toEqual({ file: '01-x/tests/b.test.ts', test: 'task 1: x > catches it', fingerprint: 'print-fresh' });
    expect(killerOf('/course', run('fresh'), passed)).toBeUndefined();
  });

  it('marks a recorded test that passed alone and failed only in its file\'s order, and keeps the mark', () => {
    const passedAlone = { ...failed('a.test.ts').tests[0]!, state: 'passed' as const };
    const inOrder: TargetOutcome = { tests: [passedAlone, ...failed('a.test.ts').tests], problems: [] };
    expect(killerOf('/course', run('alone', 'task 1: x > catches it'), inOrder)).toEqual({ file: '01-x/tests/a.test.ts', test: 'task 1: x > catches it', fingerprint: 'print-alone', inOrder: true });
    expect(killerOf('/course', run('alone', 'task 1: x > catches it'), failed('a.test.ts'))?.inOrder).toBeUndefined();
    expect(killerOf('/course', { ...run('kept'), inOrder: true }, failed('a.test.ts'))?.inOrder).toBe(true);
  });

  it('runs every file of every mutant at once with --all-tests, never a test alone', () => {
    expect(shape(firstWave([run('alone', 'task 1: x > catches it')], true))).toEqual([{ name: 'alone', only: undefined, files: ['a.test.ts', 'b.test.ts'] }]);
  });
});
