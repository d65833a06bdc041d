// What classroom-resources/autograding-grading-reporter (v1, dist/main.js) does with our
// result, written from its source: src/helpers/test-helpers.js (getTestScore: entries with
// status "pass" / all entries × max_score, the table), src/notify-classroom.js (the
// recorded points: every entry's score added up, in order, from 0) and
// src/console-results.js (the log: "✅ name" for pass, "Error: message" for error, "❌ name"
// otherwise, then "Test code:\n<test_code>" when test_code is not empty).
import type { ClassroomJson } from './parse-formats.js';

export interface ReporterView {
  /** The "Test Score" cell of the summary table and its Total row (one runner). */
  table: number;
  /** What the "Points x/y" notice hands to Classroom. */
  recorded: number;
  maxPoints: number;
  log: string[];
}

export function readAsReporter(result: ClassroomJson): ReporterView {
  const passed = result.tests.reduce((count, { status }) => (status === 'pass' ? count + 1 : count), 0);
  const table = (passed / result.tests.length) * (result.max_score || 0);
  let recorded = 0;
  for (const { score } of result.tests) recorded += score;
  const log = result.tests.flatMap((test) => [
    test.status === 'pass' ? `✅ ${test.name}` : test.status === 'error' ? `Error: ${test.message || `Failed to run test '${test.name}'`}` : `❌ ${test.name}`,
    ...(test.test_code ? [`Test code:\n${test.test_code}`] : []),
  ]);
  return { table, recorded, maxPoints: result.max_score, log };
}
