// A describe block's beforeAll starts only what the tests that will run need
// (runner/kit/planned-tests.ts): here vitest itself marks what does not run, as it does
// for a -t filter and for the self-check's one test run alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { plannedTests, willRun } from '../../../runner/kit/planned-tests.js';

describe('a block with tests that will not run', () => {
  let planned: Set<string> | undefined;
  beforeAll(({}, suite) => {
    planned = plannedTests(suite);
  });

  it('runs', () => {
    expect(planned && [...planned].sort()).toEqual(['inner > runs too', 'runs']);
  });

  it.skip('is skipped', () => undefined);

  it.todo('is still to write');

  describe('inner', () => {
    it('runs too', () => {
      expect(willRun(planned, (name) => name.startsWith('inner > '))).toBe(true);
      expect(willRun(planned, (name) => name === 'is skipped')).toBe(false);
    });

    it.skip('is skipped too', () => undefined);
  });
});

describe('without a describe block to read', () => {
  it('plans for every test', () => {
    expect(plannedTests(undefined)).toBeUndefined();
    expect(plannedTests({ name: 'not a block', mode: 'run' })).toBeUndefined();
    expect(willRun(undefined, () => false)).toBe(true);
  });
});
