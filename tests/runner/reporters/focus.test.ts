import { describe, expect, it } from 'vitest';
import type { CheckResult, TaskResult, TestResult } from '../../../runner/check/results.js';
import { failureToShow, focusTask } from '../../../runner/reporters/focus.js';

const task = (number: number, passed: number, total: number): TaskResult => ({ number, title: `t${number}`, points: 1, passed, total });
const failed = (taskNumber: number, name: string, message: string): TestResult => ({
  task: taskNumber,
  file: 'x.test.ts',
  path: [`task ${taskNumber}: x`, name],
  name,
  state: 'failed',
  durationMs: 1,
  failure: { message },
});
const resultOf = (tasks: TaskResult[], tests: TestResult[]): CheckResult => ({
  exerciseId: 'exercise-01', slug: 's', title: 't', typeErrors: [], violations: [], problems: [], passed: false, durationMs: 1, tasks, tests,
});

describe('the task the learner is on', () => {
  it('is the lowest unfinished task with a passing test, even with task 1 still a stub', () => {
    expect(focusTask([task(1, 0, 3), task(2, 0, 2), task(3, 2, 5), task(4, 0, 2)])).toBe(3);
  });

  it('is the first unfinished task after the finished ones when none is under way', () => {
    expect(focusTask([task(1, 3, 3), task(2, 2, 2), task(3, 0, 5)])).toBe(3);
    expect(focusTask([task(1, 0, 3), task(2, 2, 2), task(3, 0, 5)])).toBe(3);
  });

  it('is task 1 when nothing passes, and none when everything does', () => {
    expect(focusTask([task(1, 0, 3), task(2, 0, 2)])).toBe(1);
    expect(focusTask([task(1, 3, 3), task(2, 2, 2)])).toBeUndefined();
  });
});

describe('the failure shown in full', () => {
  it('comes from the task the learner is on, not from task 1', () => {
    const shown = failureToShow(resultOf([task(1, 0, 1), task(2, 1, 2)], [failed(1, 'stub', 'TODO: task 1'), failed(2, 'decodes', 'why: expected 1 to be 2')]));
    expect(shown?.name).toBe('decodes');
  });

  it('is, among that task\'s failures, one that says why in the test\'s own words', () => {
    const shown = failureToShow(resultOf([task(1, 1, 3)], [failed(1, 'a', 'expected 1 to be 2 // Object.is equality'), failed(1, 'b', 'a path arrives percent-encoded: expected 1 to be 2')]));
    expect(shown?.name).toBe('b');
  });
});
