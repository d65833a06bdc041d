import { describe, expect, it } from 'vitest';
import { failureParts, wrapText } from '../../../runner/reporters/failure-text.js';

describe('a failure as the learner reads it', () => {
  it('says the explanation once, without vitest\'s sentence, and drops a pair the explanation already names', () => {
    const parts = failureParts({ message: 'a known path with the wrong method is 405, not 404: expected 404 to be 405 // Object.is equality', expected: '405', actual: '404' }, 80);
    expect(parts).toEqual({ explanation: 'a known path with the wrong method is 405, not 404', sentence: undefined, expected: undefined, received: undefined });
  });

  it('words a bound as a bound', () => {
    const parts = failureParts({ message: 'a page holds at most limit items: expected 12 to be less than or equal to 10', expected: '10', actual: '12' }, 80);
    expect(parts.expected).toBe('at most 10');
    expect(parts.received).toBe('12');
    expect(failureParts({ message: 'expected 2 to be greater than or equal to 3', expected: '3', actual: '2' }, 80).expected).toBe('at least 3');
  });

  it('keeps vitest\'s sentence where a pair would misstate it (not, unknown matchers)', () => {
    const parts = failureParts({ message: 'why: expected 3 not to be 3 // Object.is equality', expected: '3', actual: '3' }, 80);
    expect(parts.sentence).toBe('expected 3 not to be 3');
    expect(parts.expected).toBeUndefined();
  });

  it('drops vitest\'s sentence on bare flags after the test\'s own words, and keeps it where there are none', () => {
    for (const [sentence, expected, actual] of [['expected null not to be null', 'null', 'null'], ['expected false to be true', 'true', 'false'], ['expected undefined to be defined', undefined, undefined]] as const) {
      const parts = failureParts({ message: `the hash starts with $scrypt$: ${sentence} // Object.is equality`, expected, actual }, 80);
      expect(parts, sentence).toEqual({ explanation: 'the hash starts with $scrypt$', sentence: undefined, expected: undefined, received: undefined });
    }
    expect(failureParts({ message: 'expected false to be true // Object.is equality', expected: 'true', actual: 'false' }, 80).expected).toBe('true');
  });

  it('folds a long list to one line, from a little before where the two first differ', () => {
    const ids = (skip: number) => `[\n${Array.from({ length: 60 }, (_, i) => `  "id-${i < skip ? i : i + 1}",`).join('\n')}\n]`;
    const parts = failureParts({ message: 'the second page starts after the first: expected [ …(60) ] to deeply equal [ …(60) ]', expected: ids(99), actual: ids(40) }, 80);
    expect(parts.expected).toMatch(/^\(\d+ before\) … .*"id-40".* … \(\d+ more\)$/);
    expect(parts.received).not.toContain('"id-40"');
    expect(parts.expected?.length).toBeLessThan(120);
  });

  it('wraps at word boundaries, under the line\'s own indentation', () => {
    const lines = wrapText('  one two three four five six seven eight nine ten eleven twelve', 30);
    expect(lines.every((line) => line.length <= 30)).toBe(true);
    expect(lines.map((line) => line.trim()).join(' ')).toBe('one two three four five six seven eight nine ten eleven twelve');
    expect(lines[1]).toMatch(/^ {4}\S/);
  });
});

describe('wrapText on a shell command', () => {
  it('breaks a curl line only between arguments, each continued line ending in a backslash, so it pastes as one command', () => {
    const line = "    request:  curl -i -X OPTIONS -H 'Origin: https://ivwbdd.example' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type' 'http://127.0.0.1:36933/notes'";
    const lines = wrapText(line, 90);
    expect(lines.length).toBeGreaterThan(1);
    for (const part of lines) expect(part.length).toBeLessThanOrEqual(90);
    for (const part of lines.slice(0, -1)) expect(part.endsWith(' \\')).toBe(true);
    expect(lines.at(-1)?.endsWith('\\')).toBe(false);
    // Joined as a shell joins backslash-newline, the command is the one given.
    const joined = lines.map((part, index) => (index === lines.length - 1 ? part : part.slice(0, -2))).join(' ').replace(/\s+/g, ' ').trim();
    expect(joined).toBe(line.replace(/\s+/g, ' ').trim());
  });

  it('keeps an argument longer than the line whole, letting that line run long, so the token and the URL still paste', () => {
    const token = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${'eyJzdWIiOiJ2a3pvZGh6YSJ9'.repeat(4)}.wMa3nXcpoqQX2zewAqTvL_Cfaotnf4ko-W7OTD4mKT8`;
    const line = `    request:  curl -i -H 'authorization: Bearer ${token}' 'http://127.0.0.1:40985/reports/2041-q1'`;
    const lines = wrapText(line, 90);
    for (const part of lines.slice(0, -1)) expect(part.endsWith(' \\')).toBe(true);
    expect(lines.some((part) => part.includes(`'authorization: Bearer ${token}'`)), lines.join('\n')).toBe(true);
    expect(lines.some((part) => part.includes("'http://127.0.0.1:40985/reports/2041-q1'")), lines.join('\n')).toBe(true);
  });
});
