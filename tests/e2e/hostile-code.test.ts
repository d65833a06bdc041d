// Learner code is hostile by accident. Each case ends in a clear message that names the
// exercise and the file, in bounded time, and the next check still works with nothing
// left running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { copyCourse, fixtureRoot, type CourseCopy } from '../support/course-copy.js';

let course: CourseCopy;
const learnerFile = 'exercises/01-greet/src/greet.ts';
const solution = () => course.read('solutions/01-greet/greet.ts');
const GREET = 'return `Hello, ${name.trim()}!`;';

beforeAll(() => {
  course = copyCourse(fixtureRoot, ['01-greet']);
});
afterAll(() => course.remove());

interface Case {
  name: string;
  code: () => string;
  says: RegExp;
}

const cases: Case[] = [
  {
    name: 'a synchronous endless loop at import',
    code: () => `while (true) {}\n${solution()}`,
    says: /exercises\/01-greet\/tests\/greet\.test\.ts made no progress for \d+ s while loading: an endless loop at the top level/,
  },
  {
    name: 'a synchronous endless loop inside a function under test',
    code: () => solution().replace(GREET, 'while (true) {}'),
    says: /the test "greets a name" in exercises\/01-greet\/tests\/greet\.test\.ts was still running after \d+ s/,
  },
  {
    name: 'an async hang (a promise awaited at import that never settles)',
    code: () => `await new Promise(() => {});\n${solution()}`,
    says: /exercises\/01-greet\/tests\/greet\.test\.ts made no progress for \d+ s while loading/,
  },
  { name: 'process.exit(0)', code: () => solution().replace(GREET, 'process.exit(0);'), says: /process\.exit\(0\) was called at exercises\/01-greet\/src\/greet\.ts:2:\d+/ },
  { name: 'process.exit(1)', code: () => solution().replace(GREET, 'process.exit(1);'), says: /process\.exit\(1\) was called at exercises\/01-greet\/src\/greet\.ts:2:\d+/ },
  { name: 'a syntax error', code: () => solution().replace(GREET, 'return `Hello` +;'), says: /exercises\/01-greet\/src\/greet\.ts:2:\d+ TS1109 Expression expected\.\n.*return `Hello` \+;/ },
  { name: 'a type error', code: () => solution().replace(GREET, 'return 42;'), says: /exercises\/01-greet\/src\/greet\.ts:2:3 TS2322 Type 'number' is not assignable to type 'string'\.\n.*return 42;/ },
  { name: 'a throw at import', code: () => `throw new Error('broken at import');\n${solution()}`, says: /exercises\/01-greet\/tests\/greet\.test\.ts: broken at import/ },
  {
    name: 'an unhandled rejection',
    code: () => solution().replace(GREET, `void Promise.reject(new Error('nobody waits for me'));\n  ${GREET}`),
    says: /exercises\/01-greet\/src\/greet\.ts:2:\d+: an error nobody awaited or caught \(an unhandled rejection, or a throw in a callback\): nobody waits for me/,
  },
  {
    name: 'a server left listening',
    code: () => `import { createServer } from 'node:http';\ncreateServer().listen(0);\n${solution()}`,
    says: /exercises\/01-greet\/tests\/greet\.test\.ts: a server is still listening after the tests of this file finished/,
  },
  {
    name: '5 MB of console output',
    code: () => solution().replace(GREET, `for (let i = 0; i < 50_000; i += 1) console.log('noise '.repeat(17));\n  return 'no';`),
    says: /your code printed:\n(.*noise.*\n){12}.*more lines\)\n.*\(5\.\d MB more output cut\)/,
  },
  {
    name: 'a missing export the tests need',
    code: () => solution().replace('export function describeError', 'function describeError'),
    says: /exercises\/01-greet\/tests\/greet\.test\.ts:2:10 TS2459 Module '"\.\.\/src\/greet\.js"' declares 'describeError' locally, but it is not exported\./,
  },
];

describe('npm run check survives learner code', () => {
  it.each(cases)('$name', async ({ code, says }) => {
    course.write(learnerFile, code());
    const result = await course.run(['check', '01'], { timeoutMs: 45_000 });
    expect(result.stdout.split('\n')[0], 'the report names the exercise').toBe('exercise-01 greet — Greeter');
    expect(result.stdout).toMatch(says);
    expect(result.exitCode, result.stdout).toBe(1);
    expect(await leftovers(course.root), 'no process of this run is left').toEqual([]);

    course.write(learnerFile, solution());
    const next = await course.run(['check', '01']);
    expect(next.exitCode, `the next check works:\n${next.stdout}`).toBe(0);
  });
});

/** Processes whose command line mentions the copy of the course (Linux and macOS). */
async function leftovers(root: string): Promise<string[]> {
  const found = await execa('pgrep', ['-f', root], { reject: false });
  if (found.exitCode !== 0 && found.exitCode !== 1) return [];
  return found.stdout.split('\n').filter(Boolean);
}
