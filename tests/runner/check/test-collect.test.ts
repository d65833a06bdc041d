import { describe, expect, it } from 'vitest';
import { condense, failureFrame, taskOf } from '../../../runner/check/test-collect.js';

describe('taskOf', () => {
  it('reads the task number from the outermost describe', () => {
    expect(taskOf(['task 3: HEAD and 405', 'nested', 'a test'])).toBe(3);
    expect(taskOf(['Task 12 — something', 'x'])).toBe(12);
    expect(taskOf(['helpers', 'task 1: inner'])).toBeNull();
    expect(taskOf([])).toBeNull();
  });
});

describe('condense', () => {
  it('reduces a transform error with a code frame to what and where', () => {
    const message = '\u001b[31mTransform failed with 1 error:\n[PARSE_ERROR] Unexpected token\n ╭─[ exercises/01-routing/src/router.ts:4:9 ]\n │\n 4 │ const x = ;\n───╯';
    expect(condense(message)).toBe('Transform failed with 1 error: Unexpected token at exercises/01-routing/src/router.ts:4:9');
  });

  it('names the place once when the message already says it', () => {
    const message = 'process.exit(0) was called at exercises/01-routing/src/router.ts:97:13: code under test must never end the process.';
    expect(condense(message)).toBe(message);
  });

  it('keeps a plain one-line message as it is', () => {
    expect(condense('boom at import')).toBe('boom at import');
  });
});

describe('failureFrame', () => {
  const root = '/course';
  const at = (file: string, line = 1) => ({ file, line, column: 1 });

  it('points at the learner’s own line when the stack passes through their code', () => {
    const stacks = [at('/course/node_modules/vitest/x.js'), at('/course/runner/kit/http.ts'), at('/course/exercises/01-routing/src/router.ts', 42), at('/course/exercises/01-routing/tests/router.test.ts', 7)];
    expect(failureFrame(root, stacks)).toMatchObject({ shown: 'exercises/01-routing/src/router.ts', line: 42 });
  });

  it('points at the test, not at the course’s helpers, when the learner’s code is not on the stack', () => {
    const stacks = [at('/course/exercises/03-crud/tests/support/database.ts', 9), at('/course/runner/kit/time.ts'), at('/course/exercises/03-crud/tests/tasks/orders.ts', 170)];
    expect(failureFrame(root, stacks)).toMatchObject({ shown: 'exercises/03-crud/tests/tasks/orders.ts', line: 170 });
  });

  it('takes the first frame outside node_modules when there is nothing better', () => {
    expect(failureFrame(root, [at('/course/node_modules/a.js'), at('/course/runner/kit/time.ts', 3)])).toMatchObject({ shown: 'runner/kit/time.ts', line: 3 });
    expect(failureFrame(root, [])).toBeUndefined();
  });
});
