// What a test run says, as a report may quote it: no temporary folder, no raw error JSON,
// no colour codes.
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../../runner/grade/clean-text.js';

const root = '/tmp/katas-grade-7w9yV5';

describe('cleanText', () => {
  it('makes paths in the grading copy relative to the repository, in stacks and file URLs, and those of another grading copy too', () => {
    expect(cleanText(`at verifyJwt (${root}/exercises/05-security/src/jwt.ts:40:9)`, root)).toBe('at verifyJwt (exercises/05-security/src/jwt.ts:40:9)');
    expect(cleanText(`file://${root}/exercises/a.ts`, root)).toBe('exercises/a.ts');
    expect(cleanText('at f (/var/folders/x/T/katas-grade-AbC123/exercises/a.ts:1:2)', root)).toBe('at f (exercises/a.ts:1:2)');
    expect(cleanText(`started as: node x.ts  (in ${root})`, root)).toBe('started as: node x.ts  (in .)');
    expect(cleanText('(in /tmp/katas-learner-1/katas-grade-Zz9)', root)).toBe('(in .)');
  });

  it('turns a thrown error sent as JSON into its first line, and leaves JSON that is not one alone', () => {
    const json = JSON.stringify({ stack: `Error: TODO: task 2\n    at verifyJwt (${root}/exercises/05-security/src/jwt.ts:40:9)`, message: 'TODO: task 2' });
    expect(cleanText(`expected JwtError\nreceived: ${json}`, root)).toBe('expected JwtError\nreceived: Error: TODO: task 2');
    expect(cleanText('{"stack": not json', root)).toBe('{"stack": not json');
  });

  it('drops colour codes', () => {
    expect(cleanText(`at f \u001b[90m(${root}/\u001b[39mexercises/a.ts:1:2\u001b[90m)\u001b[39m`, root)).toBe('at f (exercises/a.ts:1:2)');
  });
});
