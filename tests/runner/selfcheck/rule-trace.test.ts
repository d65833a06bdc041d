// The README-rule trace (exercises/NN-slug/rules.json) on a small exercise made on disk.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestResult } from '../../../runner/check/results.js';
import { loadExercise } from '../../../runner/course/discover.js';
import { checkRuleTrace } from '../../../runner/selfcheck/rule-trace.js';

const root = mkdtempSync(path.join(tmpdir(), 'katas-trace-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const README = [
  '# Greeter',
  '',
  '## 1. Greet by name',
  '',
  'A greeting must trim the name. Names keep',
  'their case.',
  '',
  '```ts',
  "greet('x') // the code must not count",
  '```',
  '',
  '## 2. Errors',
  '',
  '| status | meaning |',
  '| --- | --- |',
  '| 500 | the message must be generic |',
  '',
  '- A list item must keep the words',
  '  of its wrapped lines.',
].join('\n');

function exerciseWith(rules: unknown, readme = README) {
  const folder = `01-greet-${Math.random().toString(36).slice(2)}`;
  const dir = path.join(root, 'exercises', folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'exercise.json'), JSON.stringify({ order: 1, slug: 'greet', title: 'Greeter', files: ['src/greet.ts'], tests: ['tests/greet.test.ts'], tasks: [{ number: 1, title: 'Greet' }, { number: 2, title: 'Errors' }] }));
  writeFileSync(path.join(dir, 'README.md'), readme);
  if (rules !== undefined) writeFileSync(path.join(dir, 'rules.json'), typeof rules === 'string' ? rules : JSON.stringify({ rules }));
  return loadExercise(root, folder);
}

function test(describe: string, name: string): TestResult {
  return { task: Number(/task (\d+)/.exec(describe)?.[1]), file: 'exercises/01-greet/tests/greet.test.ts', path: [describe, name], name, state: 'passed', durationMs: 1 };
}

const TESTS = [test('task 1: greet', 'trims the name'), test('task 1: greet', 'keeps the case'), test('task 2: errors', 'hides the stack')];
const COMPLETE = [
  { task: 1, rule: 'A greeting must trim the name.', tests: ['trims the name'] },
  { task: 1, rule: 'Names keep their case.', tests: ['task 1: greet › keeps the case'] },
  { task: 2, rule: 'the message must be generic', tests: ['hides the stack'] },
  { task: 2, rule: 'A list item must keep the words of its wrapped lines.', tests: ['hides the stack'] },
];

describe('checkRuleTrace', () => {
  it('accepts a trace where every rule has a test, every test a rule, and every "must" of the prose is quoted (a rule may span a line break)', () => {
    expect(checkRuleTrace(exerciseWith(COMPLETE), TESTS)).toEqual([]);
  });

  it('names a rule without a test, a test without a rule, and a test the suite does not have', () => {
    const rules = [{ ...COMPLETE[0], tests: [] }, { ...COMPLETE[1], tests: ['keeps the case', 'says hello'] }, COMPLETE[2], COMPLETE[3]];
    expect(checkRuleTrace(exerciseWith(rules), TESTS)).toEqual([
      'rules.json rule 1 ("A greeting must trim the name."): no test holds this rule',
      'rules.json rule 2 ("Names keep their case."): the suite has no test "says hello"',
      'the test "task 1: greet › trims the name" holds no rule of rules.json: trace it to the README rule it checks',
    ]);
  });

  it('names a rule the README does not say, a task that does not exist, and a "must" sentence no rule quotes', () => {
    const rules = [{ task: 3, rule: 'A greeting must shout.', tests: ['trims the name'] }, COMPLETE[1], COMPLETE[2], COMPLETE[3]];
    expect(checkRuleTrace(exerciseWith(rules), TESTS)).toEqual([
      'rules.json rule 1 ("A greeting must shout."): exercise.json has no task 3',
      'rules.json rule 1 ("A greeting must shout."): README.md does not say this; quote the README\'s own words',
      'README.md says "A greeting must trim the name.", and no rule of rules.json quotes it',
    ]);
  });

  it('asks for the full path when an it text names two tests', () => {
    const twin = [...TESTS, test('task 2: errors', 'trims the name')];
    expect(checkRuleTrace(exerciseWith([...COMPLETE, { task: 2, rule: 'the message must be generic', tests: ['task 2: errors › trims the name'] }]), twin)).toEqual([
      'rules.json rule 1 ("A greeting must trim the name."): "trims the name" names 2 tests; name one by its full path (describe › it)',
      'the test "task 1: greet › trims the name" holds no rule of rules.json: trace it to the README rule it checks',
    ]);
  });

  it('reports a missing or malformed trace in one line', () => {
    expect(checkRuleTrace(exerciseWith(undefined), TESTS)).toEqual(['rules.json is missing: list every rule README.md states, each with the tests that hold it']);
    expect(checkRuleTrace(exerciseWith('{ "rules": '), TESTS)[0]).toMatch(/^rules\.json: not valid JSON/);
    expect(checkRuleTrace(exerciseWith([{ task: 1, rule: '', tests: [] }]), TESTS)).toEqual(['rules.json: rule 1 needs a task number, the rule\'s words and a list of test names']);
  });
});
