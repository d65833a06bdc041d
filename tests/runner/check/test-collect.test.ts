import { describe, expect, it } from 'vitest';
import { condense, taskOf } from '../../../runner/check/test-collect.js';

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

  it('keeps a plain one-line message as it is', () => {
    expect(condense('boom at import')).toBe('boom at import');
  });
});
