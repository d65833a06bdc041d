// A test file that ran nothing is named with the command that restores it, unless the
// run was stopped before it reached the file: then it is not "empty", it never ran.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunProblem } from '../../../runner/check/results.js';
import { loadExercise } from '../../../runner/course/discover.js';
import { findMissingTests } from '../../../runner/check/missing-tests.js';

const root = path.resolve(import.meta.dirname, '../../..');
const exercise = loadExercise(root, '07-polyglot');
const [first = '', ...others] = exercise.testFiles.map((file) => path.relative(root, file).split(path.sep).join('/'));

describe('findMissingTests', () => {
  it('names every test file that ran no test and raised nothing', () => {
    const found = findMissingTests(root, exercise, [], []);
    expect(found.map((problem) => problem.file)).toEqual([first, ...others]);
    expect(found[0]?.message).toContain('holds no tests');
    expect(found[0]?.message).toContain('npm run reset 07 -- --tests');
  });

  it('says nothing of the files a run stopped past its limit never reached', () => {
    const stop: RunProblem = { kind: 'hang', file: first, wholeRun: true, message: 'past the whole run’s limit' };
    expect(findMissingTests(root, exercise, [], [stop])).toEqual([]);
  });
});
