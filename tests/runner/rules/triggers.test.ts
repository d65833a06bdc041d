import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { staticRules } from '../../../runner/rules/index.js';
import { ruleTriggers } from '../../../runner/rules/triggers.js';

// Code each triggered rule must flag: the trigger must let every one of them through.
const FLAGGED: Record<string, string[]> = {
  'no-stack-in-response': [
    'export const body = (e: Error) => ({ error: e.stack });',
    'export const body = (e: Error) => ({ error: e\n  .stack });',
    'export const body = (e: Error) => ({ error: process.env.DEBUG ? String(e.stack) : "x" });',
  ],
};

describe('rule triggers', () => {
  it('has flagged examples for every rule with a trigger', () => {
    expect(Object.keys(FLAGGED).sort()).toEqual(Object.keys(ruleTriggers).sort());
  });

  it.each(Object.entries(FLAGGED))('never skips code that %s flags', (name, samples) => {
    const rule = staticRules[name];
    const trigger = ruleTriggers[name];
    const project = new Project({ useInMemoryFileSystem: true });
    samples.forEach((code, index) => {
      const file = project.createSourceFile(`sample-${index}.ts`, code);
      expect(rule?.check(file).length, `the rule flags sample ${index}`).toBeGreaterThan(0);
      expect(trigger?.test(code), `the trigger lets sample ${index} through`).toBe(true);
    });
  });
});
