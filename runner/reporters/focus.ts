// Which task the learner is on, so that the failure shown in full, the hint and watch's
// screen follow the learner rather than task 1. A learner may work on task 3 while
// task 1 is still a stub; tasks are not always done in order.
//   1. The lowest unfinished task with at least one passing test: work under way.
//   2. Else the first unfinished task after the highest finished one: the next one.
//   3. Else the lowest unfinished task (nothing passes yet: task 1).
// No task when every task passes.
import type { CheckResult, TaskResult, TestResult } from '../check/results.js';

export function isComplete(task: TaskResult): boolean {
  return task.total > 0 && task.passed === task.total;
}

export function focusTask(tasks: readonly TaskResult[]): number | undefined {
  const unfinished = tasks.filter((task) => !isComplete(task));
  const underWay = unfinished.find((task) => task.passed > 0);
  if (underWay) return underWay.number;
  const lastDone = Math.max(-Infinity, ...tasks.filter(isComplete).map((task) => task.number));
  return (unfinished.find((task) => task.number > lastDone) ?? unfinished[0])?.number;
}

/**
 * The failure to show in full: from the focus task (else the first failing one), and
 * among its failures the most telling: one that says why in the test's own words (an
 * explanation before vitest's "expected …") over a bare comparison or a thrown TODO.
 */
export function failureToShow(result: CheckResult): TestResult | undefined {
  const failed = result.tests.filter((test) => test.state === 'failed');
  const focus = focusTask(result.tasks);
  const pool = failed.filter((test) => test.task === focus);
  const candidates = pool.length > 0 ? pool : failed;
  const explained = candidates.find((test) => hasExplanation(test.failure?.message ?? ''));
  return explained ?? candidates[0];
}

/** vitest writes `expect(value, 'why').toBe(x)`'s failure as "why: expected …". */
export function hasExplanation(message: string): boolean {
  const at = message.indexOf(': expected ');
  return at > 0 && !message.startsWith('expected ');
}
