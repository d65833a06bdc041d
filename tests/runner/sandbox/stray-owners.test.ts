// A process a test run left running is blamed on the run of code that started it, and on
// no other: one stray must not fail every exercise graded or self-checked beside it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestTarget } from '../../../runner/check/test-run.js';
import { loadExercise } from '../../../runner/course/discover.js';
import { ownersOf } from '../../../runner/sandbox/sandbox-session.js';

const root = path.resolve(import.meta.dirname, '../../..');
const routing = loadExercise(root, '01-routing');
const polyglot = loadExercise(root, '07-polyglot');
const targets: TestTarget[] = [
  { name: '01-routing:solution', exercise: routing },
  { name: '07-polyglot:solution', exercise: polyglot },
  { name: '07-polyglot:mutant:x', exercise: polyglot },
];
const names = (found: TestTarget[]) => found.map((target) => target.name);

describe('ownersOf', () => {
  it('blames the target the process names', () => {
    expect(names(ownersOf({ pid: 1, command: 'sleep 600', target: '07-polyglot:mutant:x', testFile: polyglot.testFiles[0] }, targets))).toEqual(['07-polyglot:mutant:x']);
  });

  it('blames the targets whose tests include the file that started it, when it names no target', () => {
    expect(names(ownersOf({ pid: 1, command: 'sleep 600', testFile: polyglot.testFiles[0] }, targets))).toEqual(['07-polyglot:solution', '07-polyglot:mutant:x']);
  });

  it('blames no one among several targets when it names no owner, and the only target of a check', () => {
    const unknown = { pid: 1, command: 'python3 -c import sys' };
    expect(ownersOf(unknown, targets)).toEqual([]);
    expect(names(ownersOf(unknown, targets.slice(0, 1)))).toEqual(['01-routing:solution']);
  });
});
