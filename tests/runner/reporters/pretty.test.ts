// The terminal report fits the terminal: a hang's explanation and a rule's finding are
// wrapped at word boundaries to the width, like failures are.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../runner/check/results.js';
import { colorsFor } from '../../../runner/reporters/colors.js';
import { prettyReporter } from '../../../runner/reporters/pretty.js';

const HANG =
  'the test "answers 405" in exercises/01-routing/tests/router.test.ts kept a CPU busy for 16 s without finishing (the limit is 15 s): an endless loop (such as while (true) {}) never gives control back';

const result: CheckResult = {
  exerciseId: 'exercise-01',
  slug: 'routing',
  title: 'Router',
  typeErrors: [],
  violations: [{ file: 'exercises/05-security/src/passwords.ts', line: 12, rule: 'no-weak-password-hash', message: 'a password is hashed with sha256, which is fast to guess at', why: 'OWASP Password Storage Cheat Sheet: use scrypt, Argon2id or bcrypt, with a work factor that takes a server a good fraction of a second' }],
  tests: [],
  problems: [{ kind: 'hang', file: 'exercises/01-routing/tests/router.test.ts', message: HANG, count: 3 }],
  tasks: [{ number: 1, title: 'Routes', passed: 0, total: 1, points: 1 }] as CheckResult['tasks'],
  passed: false,
  durationMs: 1,
};

describe('prettyReporter', () => {
  it('wraps problems and rule findings to the terminal’s width, whole words only', () => {
    const width = 60;
    const lines = prettyReporter(colorsFor({ isTTY: false }, {}), width).check(result).split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
    const text = lines.map((line) => line.trim()).join(' ');
    expect(text).toContain('never gives control back');
    expect(text).toContain('(3 times)');
    expect(text).toContain('a work factor that takes a server a good fraction of a second');
  });
});
