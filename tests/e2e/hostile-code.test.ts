// Learner code is hostile by accident. Each case ends in a clear message that names the
// exercise and the file, in bounded time, and the next check still works with nothing
// left running: processes are looked for by a tag in their environment, which detached
// children inherit too (their command lines do not mention the course).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, type CourseCopy } from '../support/course-copy.js';
import { leftovers } from '../support/processes.js';
import { unwrapped } from '../support/report-text.js';

let course: CourseCopy;
/** A wall-clock bound for one check that leaves room for a machine busy with other work. */
const LOADED_MS = 300_000;
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
    says: /exercises\/01-greet\/tests\/greet\.test\.ts kept a CPU busy for \d+ s while loading \(the limit is \d+ s\): an endless loop at the top level/,
  },
  {
    name: 'a synchronous endless loop inside a function under test',
    code: () => solution().replace(GREET, 'while (true) {}'),
    says: /the test "greets a name" in exercises\/01-greet\/tests\/greet\.test\.ts kept a CPU busy for \d+ s without finishing \(the limit is \d+ s\)/,
  },
  {
    name: 'an async hang (a promise awaited at import that never settles)',
    code: () => `await new Promise(() => {});\n${solution()}`,
    says: /exercises\/01-greet\/tests\/greet\.test\.ts waited \d+ s while loading for something that never happened \(the limit is \d+ s\): a top-level await/,
  },
  {
    name: 'a detached child process started at import and forgotten',
    code: () => `import { spawn } from 'node:child_process';\nspawn('sleep', ['600'], { detached: true, stdio: 'ignore' }).unref();\n${solution()}`,
    says: /exercises\/01-greet\/tests\/greet\.test\.ts: a process started by the code under test was still running after its tests \(sleep 600\), and the runner ended it/,
  },
  {
    name: 'a child process started in a function under test and forgotten',
    code: () => `import { spawn } from 'node:child_process';\n${solution().replace(GREET, `spawn('sleep', ['601']);\n  ${GREET}`)}`,
    says: /a process started by the code under test was still running after its tests \(sleep 601\)/,
  },
  {
    name: 'a kill signal sent to its own process',
    code: () => solution().replace(GREET, "process.kill(process.pid, 'SIGKILL');\n  return '';"),
    says: /the test "greets a name" in exercises\/01-greet\/tests\/greet\.test\.ts was killed by SIGKILL: the thread running it ended/,
  },
  {
    name: 'a heap that runs out',
    // The fixture's heap is 128 MB (limits.heapMb), filled in a fraction of its 1 s test limit
    // of CPU; arrays of 50,000 keep V8's fast elements, where a larger new Array(n) is a slow
    // dictionary that takes seconds to fill.
    code: () => `const kept: number[][] = [];\n${solution().replace(GREET, 'for (;;) kept.push(new Array(50_000).fill(0.5));')}`,
    says: /the test "greets a name" in exercises\/01-greet\/tests\/greet\.test\.ts ran out of memory: the thread running it ended/,
  },
  {
    name: 'the reference solution re-exported as the learner\'s own',
    code: () => "export * from '../../../solutions/01-greet/greet.js';\n",
    says: /exercises\/01-greet\/src\/greet\.ts:1 imports-stay-inside imports "\.\.\/\.\.\/\.\.\/solutions\/01-greet\/greet\.js", which is outside this exercise's files/,
  },
  {
    name: 'a built-in replaced at import',
    code: () => `Object.prototype.toString = function () { return 'mine'; };\n${solution()}`,
    says: /exercises\/01-greet\/tests\/greet\.test\.ts: Object\.prototype\.toString was replaced by the code under test/,
  },
  {
    name: 'a stack overflow at import',
    code: () => `${solution()}\nfunction deeper(n: number): number {\n  return deeper(n + 1) + 1;\n}\ndeeper(0);\n`,
    says: /greet\.test\.ts: Maximum call stack size exceeded \(at exercises\/01-greet\/src\/greet\.ts:1[01]:\d+\)/,
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
    says: /your code printed:\n(.*noise.*\n){12,}.*more lines\)\n.*\(5\.\d MB more output cut\)/,
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
    const tag = randomUUID();
    // Limits count the code's own time: on a busy machine a verdict comes later, never different.
    const result = await course.run(['check', '01'], { timeoutMs: LOADED_MS, env: { KATAS_E2E_TAG: tag } });
    expect(result.stdout.split('\n')[0], 'the report names the exercise').toBe('exercise-01 greet — Greeter');
    // A one-line message may be wrapped; a code frame or printed output spans lines of its own.
    expect([result.stdout, unwrapped(result.stdout)].some((text) => says.test(text)), `${says}\n${result.stdout}`).toBe(true);
    expect(result.exitCode, result.stdout).toBe(1);
    expect(leftovers('KATAS_E2E_TAG', tag), 'no process of this run is left').toEqual([]);

    course.write(learnerFile, solution());
    const next = await course.run(['check', '01'], { timeoutMs: LOADED_MS });
    expect(next.exitCode, `the next check works:\n${next.stdout}`).toBe(0);
  }, 2 * LOADED_MS);
});

describe('results that were earned are kept', () => {
  it('keeps the tests before a hang, fails the one that hung, and does not run the ones after it in its file', async () => {
    course.write(learnerFile, solution().replace(GREET, `if (name !== name.trim()) while (true) {}\n  ${GREET}`));
    const result = await course.run(['check', '01', '--reporter', 'json'], { timeoutMs: LOADED_MS });
    const report = JSON.parse(result.stdout) as { tests: { name: string; state: string; failure?: { message: string } }[] };
    const state = (name: string) => report.tests.find((test) => test.name === name);
    expect(state('greets a name')?.state, 'the test before the hang passed, and keeps its result').toBe('passed');
    expect(state('trims the name')?.state, 'the test that hung fails').toBe('failed');
    expect(state('trims the name')?.failure?.message).toMatch(/kept a CPU busy for \d+ s without finishing/);
    expect(state('gives a generic message')?.state, 'the test after it in the same file could not run').toBe('skipped');
    expect(result.exitCode).toBe(1);
  }, LOADED_MS);
});

describe('the course\'s tests, deleted or emptied', () => {
  const testFile = 'exercises/01-greet/tests/greet.test.ts';

  it('names a deleted test file with the command that brings it back, and reset --tests restores it from git', async () => {
    const original = course.read(testFile);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=learner@example.com', '-c', 'user.name=Learner', ...args], { cwd: course.root, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'the course as handed out');
    course.write(learnerFile, solution());
    rmSync(path.join(course.root, testFile));
    const result = await course.run(['check', '01']);
    expect(unwrapped(result.stdout)).toContain(`${testFile} is missing: the course's tests decide whether the exercise passes; npm run reset 01 -- --tests brings them back`);
    expect(result.exitCode).toBe(1);
    const reset = await course.run(['reset', '01', '--tests']);
    expect(reset.stdout).toContain(`Restored 1 test file: ${testFile}`);
    expect(course.read(testFile)).toBe(original);
    expect((await course.run(['check', '01'])).exitCode).toBe(0);
    rmSync(path.join(course.root, '.git'), { recursive: true, force: true });
  });

  it('names an emptied test file, and says in one line why reset --tests cannot help without git', async () => {
    const original = course.read(testFile);
    course.write(testFile, '\n');
    try {
      const result = await course.run(['check', '01']);
      expect(unwrapped(result.stdout)).toContain(`${testFile} holds no tests`);
      const reset = await course.run(['reset', '01', '--tests']);
      expect(reset.stderr.trim().split('\n')).toHaveLength(1);
      expect(reset.stderr).toContain('this folder has no git history');
      expect(reset.exitCode).not.toBe(0);
    } finally {
      course.write(testFile, original);
    }
  });
});

describe('the runner\'s own output stays clean', () => {
  it('prints valid JSON with --reporter json whatever learner code writes to stdout', async () => {
    course.write(learnerFile, `process.stdout.write('{ not json\\n');\nconsole.log('chatter');\n${solution()}`);
    const result = await course.run(['check', '01', '--reporter', 'json']);
    expect(() => JSON.parse(result.stdout), result.stdout.slice(0, 400)).not.toThrow();
    expect(result.stdout).not.toContain('{ not json');
  });
});

describe('npm run grade survives learner code', () => {
  it('reports a process killed by a signal against its test, writes every report and leaves no temporary folder', async () => {
    course.write(learnerFile, solution().replace(GREET, "process.kill(process.pid, 'SIGKILL');\n  return '';"));
    const out = mkdtempSync(path.join(tmpdir(), 'katas-e2e-grade-'));
    // A temporary folder of this grade's own: other work on the machine makes grading copies too.
    const temp = mkdtempSync(path.join(tmpdir(), 'katas-e2e-temp-'));
    const tag = randomUUID();
    const result = await course.run(['grade', '--out', out, '--quiet'], { timeoutMs: LOADED_MS, env: { KATAS_E2E_TAG: tag, TMPDIR: temp, TMP: temp, TEMP: temp } });
    try {
      expect(result.exitCode, `a grade was made: ${result.stderr}`).toBe(0);
      for (const report of ['results.json', 'junit.xml', 'summary.md', 'annotations.txt', 'classroom-result.txt']) expect(existsSync(path.join(out, report)), `${report} is written`).toBe(true);
      const results = readFileSync(path.join(out, 'results.json'), 'utf8');
      expect(results).toMatch(/was killed by SIGKILL/);
      expect(readdirSync(temp).filter((name) => name.startsWith('katas-grade-')), 'the grading copy is removed').toEqual([]);
      expect(leftovers('KATAS_E2E_TAG', tag), 'no process of this run is left').toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(temp, { recursive: true, force: true });
    }
  }, LOADED_MS);
});
