// A mutant's first failing test leaves a mark, after which its other tests are skipped.
// When the failing test's result is lost (its file ran again after an interruption, and
// every test of the second run was skipped), the mark still says the mutant was caught.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TargetOutcome } from '../../../runner/check/test-collect.js';
import { loadExercise } from '../../../runner/course/discover.js';
import { isCaught, withMarkedFailures, type MutantRun } from '../../../runner/selfcheck/mutant-targets.js';

const root = path.resolve(import.meta.dirname, '../../..');
const exercise = loadExercise(root, '01-routing');
const marks = mkdtempSync(path.join(tmpdir(), 'katas-marks-'));
afterAll(() => rmSync(marks, { recursive: true, force: true }));

const run = (name: string): MutantRun => ({ target: { name, exercise, firstFailure: path.join(marks, name) }, files: exercise.testFiles });
const skippedOnly: TargetOutcome = { tests: [{ task: 1, file: 'x.test.ts', path: ['task 1: x', 'y'], name: 'y', state: 'skipped', durationMs: 0 }], problems: [] };

describe('withMarkedFailures', () => {
  it('counts a mutant as caught by the test its mark names when the result of that test was lost', () => {
    writeFileSync(path.join(marks, 'lost'), 'task 2: routes > answers 405');
    const outcomes = withMarkedFailures([run('lost')], new Map([['lost', skippedOnly]]));
    expect(isCaught(outcomes.get('lost'))).toBe(true);
    expect(outcomes.get('lost')?.tests.find((test) => test.state === 'failed')?.path).toEqual(['task 2: routes > answers 405']);
  });

  it('leaves alone a mutant without a mark, and one whose failure was collected', () => {
    const failed: TargetOutcome = { tests: [{ ...skippedOnly.tests[0]!, state: 'failed' }], problems: [] };
    writeFileSync(path.join(marks, 'seen'), 'task 1: x > y');
    const outcomes = withMarkedFailures([run('unmarked'), run('seen')], new Map([['unmarked', skippedOnly], ['seen', failed]]));
    expect(isCaught(outcomes.get('unmarked'))).toBe(false);
    expect(outcomes.get('seen')).toBe(failed);
  });
});
