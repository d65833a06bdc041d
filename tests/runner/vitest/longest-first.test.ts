// The self-check's order: the targets whose files take longest go first (their shared
// projects run one after another), and equals keep their order.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { longestTargetsFirst } from '../../../runner/vitest/longest-first.js';

const target = (name: string, ...files: string[]) => ({ name, exercise: { testFiles: files.map((file) => path.resolve('/course', file)) } });
const times: Record<string, number> = { '/course/a.test.ts': 100, '/course/b.test.ts': 5_000, '/course/c.test.ts': 300, '/course/d.test.ts': 300 };
const estimate = (file: string) => times[file.replace(/^[A-Za-z]:/, '')];

describe('longestTargetsFirst', () => {
  it('puts the target with the longest files first, by the sum of its files', () => {
    const order = longestTargetsFirst([target('short', 'a.test.ts'), target('two', 'c.test.ts', 'd.test.ts'), target('long', 'b.test.ts')], estimate);
    expect(order.map(({ name }) => name)).toEqual(['long', 'two', 'short']);
  });

  it('starts a target never timed first, since it may be the longest of all', () => {
    const order = longestTargetsFirst([target('long', 'b.test.ts'), target('new', 'new.test.ts')], estimate);
    expect(order.map(({ name }) => name)).toEqual(['new', 'long']);
  });

  it('keeps the order of equals', () => {
    const order = longestTargetsFirst([target('first', 'c.test.ts'), target('second', 'd.test.ts'), target('third', 'c.test.ts')], estimate);
    expect(order.map(({ name }) => name)).toEqual(['first', 'second', 'third']);
  });
});
