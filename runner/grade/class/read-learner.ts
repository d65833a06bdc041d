// A learner's row, read back from the results.json their grading process wrote. The
// file comes from our own child process, but its learner's code ran in that process:
// anything that does not have the expected shape makes the row an error, not a crash.
import { readFileSync } from 'node:fs';
import type { GradeStatus, Points } from '../types.js';
import type { LearnerExercise, LearnerResult, LearnerTask } from './types.js';

export class ResultsShapeError extends Error {}

export function readLearnerResults(name: string, file: string, durationMs: number): LearnerResult {
  const data = object(JSON.parse(readFileSync(file, 'utf8')), 'the document');
  const exercises = array(data.exercises, 'exercises').map((item, index) => toExercise(object(item, `exercises[${index}]`)));
  const tamper = object(data.tamper, 'tamper');
  const tampered = array(tamper.changed, 'tamper.changed').length + array(tamper.deleted, 'tamper.deleted').length + array(tamper.markers, 'tamper.markers').length;
  return { name, status: 'graded', exercises, points: points(data.points, 'points'), tampered, durationMs };
}

function toExercise(data: Record<string, unknown>): LearnerExercise {
  return {
    id: string(data.id, 'exercise id'),
    slug: string(data.slug, 'exercise slug'),
    title: string(data.title, 'exercise title'),
    status: status(data.status),
    points: points(data.points, 'exercise points'),
    tasks: array(data.tasks, 'tasks').map((item) => toTask(object(item, 'task'))),
    // Added to results.json later than the rest: a file without them counts none.
    typeErrors: Array.isArray(data.type_errors) ? data.type_errors.length : 0,
    ruleFindings: Array.isArray(data.rule_findings) ? data.rule_findings.length : 0,
    untouched: data.untouched === true,
  };
}

function toTask(data: Record<string, unknown>): LearnerTask {
  const number = data.task_id;
  if (typeof number !== 'number') throw new ResultsShapeError('task_id must be a number');
  return { number, title: string(data.title, 'task title'), status: status(data.status), points: points(data.points, 'task points') };
}

/** results.json holds points as decimals; rows keep hundredths like the rest of grading. */
function points(value: unknown, what: string): Points {
  const data = object(value, what);
  if (typeof data.earned !== 'number' || typeof data.possible !== 'number') throw new ResultsShapeError(`${what} must have numbers earned and possible`);
  return { earned: Math.round(data.earned * 100), possible: Math.round(data.possible * 100) };
}

function status(value: unknown): GradeStatus {
  if (value === 'pass' || value === 'fail' || value === 'error') return value;
  throw new ResultsShapeError(`unknown status ${String(value)}`);
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ResultsShapeError(`${what} must be an object`);
}

function array(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new ResultsShapeError(`${what} must be an array`);
}

function string(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  throw new ResultsShapeError(`${what} must be a string`);
}
