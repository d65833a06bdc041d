// `npm run grade` end to end on the fixture course, in a temporary copy: grades come
// from the pristine tests whatever the learner did to theirs, hidden tests count, and
// every format it writes is read back by a real parser.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, type CourseCopy } from '../support/course-copy.js';
import { parseClassroom, parseJUnit, parseResults, type ResultsJson } from '../runner/grade/support/parse-formats.js';

let course: CourseCopy;
let scratch: string;
const learnerFile = 'exercises/01-greet/src/greet.ts';
const testFile = 'exercises/01-greet/tests/greet.test.ts';
const solution = () => readFileSync(path.join(fixtureRoot, 'solutions/01-greet/greet.ts'), 'utf8');
/** A realistic half-right solution: the name is not trimmed, so one test of task 1 fails. */
const noTrim = () => solution().replace('name.trim()', 'name');
const pristineTest = () => readFileSync(path.join(fixtureRoot, testFile), 'utf8');

beforeAll(() => {
  course = copyCourse(fixtureRoot, ['01-greet']);
  scratch = mkdtempSync(path.join(tmpdir(), 'katas-grade-e2e-'));
});
afterAll(() => {
  course.remove();
  rmSync(scratch, { recursive: true, force: true });
});

async function grade(args: string[] = [], env: Record<string, string> = {}): Promise<{ results: ResultsJson; stdout: string; out: string }> {
  const out = mkdtempSync(path.join(scratch, 'out-'));
  const result = await course.run(['grade', '--out', out, ...args], { timeoutMs: 120_000, env });
  expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  return { results: parseResults(readFileSync(path.join(out, 'results.json'), 'utf8')), stdout: result.stdout, out };
}

const pointsOf = (results: ResultsJson) => results.exercises.map((exercise) => exercise.tasks.map((task) => task.points.earned));

describe('npm run grade, tamper-proof', () => {
  it('gives an edited test file no say in the grade, and names the file', async () => {
    course.write(learnerFile, noTrim());
    course.write(testFile, pristineTest());
    const honest = await grade(['--pristine', fixtureRoot]);
    expect(pointsOf(honest.results)).toEqual([[0.5, 2]]);

    course.write(testFile, pristineTest().replace("toBe('Hello, Ada!')", 'toBeTruthy()').replace("'surrounding spaces are not part of a name').toBe('Hello, Ada!')", "'x').toBeTruthy()"));
    // The edit works on the learner's own tests: graded from the working tree, it would earn the point.
    const fromWorkingTree = await grade();
    expect(fromWorkingTree.results.pristine.kind).toBe('working-tree');
    expect(fromWorkingTree.results.warnings[0]).toMatch(/^no pristine copy of the course was found/);
    expect(pointsOf(fromWorkingTree.results)).toEqual([[1, 2]]);

    const edited = await grade(['--pristine', fixtureRoot]);
    expect(pointsOf(edited.results)).toEqual([[0.5, 2]]);
    expect(edited.results.points).toEqual({ earned: 2.5, possible: 3 });
    expect(edited.results.tamper.changed).toEqual([testFile]);
    expect(edited.stdout).toContain(`changed  ${testFile}`);
  });

  it('reports a .skip the learner added, and still counts the test: failing when the code is wrong, passing when it is right', async () => {
    course.write(testFile, pristineTest().replace("it('trims the name'", "it.skip('trims the name'"));
    course.write(learnerFile, noTrim());
    const wrong = await grade(['--pristine', fixtureRoot]);
    expect(wrong.results.tamper.markers).toEqual([{ file: testFile, line: 8, marker: '.skip', source: "it.skip('trims the name', () => {" }]);
    expect(wrong.results.tests.find((test) => test.name.endsWith('trims the name'))).toMatchObject({ status: 'fail', points: { earned: 0, possible: 0.5 } });
    expect(wrong.results.points.earned).toBe(2.5);
    expect(readFileSync(path.join(wrong.out, 'annotations.txt'), 'utf8')).toContain(`::warning file=${testFile},line=8,title=.skip added::`);

    course.write(learnerFile, solution());
    const right = await grade(['--pristine', fixtureRoot]);
    expect(right.results.tests.find((test) => test.name.endsWith('trims the name'))?.status).toBe('pass');
    expect(right.results.points).toEqual({ earned: 3, possible: 3 });
    expect(right.results.status).toBe('pass');
  });

  it('uses the first commit as the pristine copy in a git repository', async () => {
    course.write(testFile, pristineTest());
    course.write(learnerFile, noTrim());
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: course.root });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'the template');
    course.write(testFile, pristineTest().replace("'surrounding spaces are not part of a name').toBe('Hello, Ada!')", "'x').toBeTruthy()"));
    await git('commit', '-q', '-am', 'learner makes the test pass');
    const graded = await grade();
    expect(graded.results.pristine.kind).toBe('git');
    expect(graded.results.tamper.changed).toEqual([testFile]);
    expect(graded.results.points.earned).toBe(2.5);
    rmSync(path.join(course.root, '.git'), { recursive: true, force: true });
    course.write(testFile, pristineTest());
  });
});

describe('npm run grade with hidden tests', () => {
  it('adds the instructor\'s tests to their task, shares the task\'s points with them, and keeps their code out of the report', async () => {
    const hidden = path.join(scratch, 'hidden');
    mkdirSync(path.join(hidden, '01-greet'), { recursive: true });
    writeFileSync(
      path.join(hidden, '01-greet', 'extra.test.ts'),
      [
        "import { describe, expect, it } from 'vitest';",
        "import { greet } from '../../src/greet.js';",
        "describe('task 1: greet by name', () => {",
        "  it('greets a name with an accent', () => {",
        "    expect(greet('Zoë')).toBe('Hello, Zoë!');",
        '  });',
        "  it('greets nobody with an empty name', () => {",
        "    expect(greet('')).toBe('Hello!');",
        '  });',
        '});',
        '',
      ].join('\n'),
    );
    course.write(learnerFile, solution());
    const { results } = await grade(['--pristine', fixtureRoot, '--hidden', hidden]);
    expect(results.hidden_files).toEqual(['exercises/01-greet/tests/hidden/extra.test.ts']);
    const task1 = results.exercises[0]?.tasks[0];
    expect(task1).toMatchObject({ passed: 3, total: 4, hidden: 2, status: 'fail', points: { earned: 0.75, possible: 1 } });
    const failing = results.tests.find((test) => test.name.endsWith('greets nobody with an empty name'));
    expect(failing).toMatchObject({ hidden: true, status: 'fail', task_id: 1, test_code: '// a hidden test of exercise-01, run only when grading' });
    expect(results.points).toEqual({ earned: 2.75, possible: 3 });
    // The learner's repository is only read: the hidden tests never land in it.
    expect(() => course.read('exercises/01-greet/tests/hidden/extra.test.ts')).toThrow();
  });
});

describe('npm run grade outputs', () => {
  it('writes JUnit XML, the Classroom result and the job summary, and in GitHub Actions annotates and sets the step output', async () => {
    course.write(learnerFile, noTrim());
    const summaryFile = path.join(scratch, 'step-summary.md');
    const outputFile = path.join(scratch, 'github-output.txt');
    const { out, stdout } = await grade(['--pristine', fixtureRoot], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile });

    const junit = parseJUnit(readFileSync(path.join(out, 'junit.xml'), 'utf8'));
    const cases = junit.testsuites.testsuite[0]?.testcase ?? [];
    expect(cases.map((item) => [item['@_classname'], item['@_name'], item.failure ? 'failure' : 'ok'])).toEqual([
      ['exercise-01.task 1: greet by name', 'greets a name', 'ok'],
      ['exercise-01.task 1: greet by name', 'trims the name', 'failure'],
      ['exercise-01.task 2: describe an error', 'gives a generic message', 'ok'],
    ]);

    const line = readFileSync(outputFile, 'utf8').trim();
    expect(line).toMatch(/^result=/);
    const classroom = parseClassroom(line.slice('result='.length));
    expect(classroom).toMatchObject({ version: 1, status: 'fail', max_score: 3 });
    expect(classroom.tests.map((test) => [test.name, test.score])).toEqual([
      ['exercise-01 task 1: Greet by name', 0.5],
      ['exercise-01 task 2: Describe an error', 2],
      ['the course test files are unchanged', 0],
    ]);
    expect(parseClassroom(readFileSync(path.join(out, 'classroom-result.txt'), 'utf8'))).toEqual(classroom);

    expect(readFileSync(summaryFile, 'utf8')).toContain('## backend-katas grade: 2.5 / 3 points (83%)');
    expect(stdout).toMatch(/^::error file=exercises\/01-greet\/tests\/greet\.test\.ts,line=9,col=\d+,title=exercise-01 task 1%3A greet by name › trims the name::surrounding spaces are not part of a name/m);
  });

  it('grades code that does not compile as an error with the reason, every task of the unloaded file at nothing', async () => {
    course.write(learnerFile, 'export function greet(name: string): string {\n  return `Hello, ${name}!` +;\n}\n');
    const { results } = await grade(['--pristine', fixtureRoot]);
    expect(results.status).toBe('error');
    expect(results.message).toMatch(/^no test ran: every test file failed to load\.\nexercise-01: 1 type error; exercises\/01-greet\/tests\/greet\.test\.ts: .*exercises\/01-greet\/src\/greet\.ts:2:\d+/);
    expect(results.exercises[0]?.tasks.map((task) => [task.status, task.points.earned, task.message])).toEqual([
      ['error', 0, "exercises/01-greet/tests/greet.test.ts did not load: this task's tests could not all run, so none of them count"],
      ['error', 0, "exercises/01-greet/tests/greet.test.ts did not load: this task's tests could not all run, so none of them count"],
    ]);
    course.write(learnerFile, solution());
  });

  it('refuses bad input in one line with exit code 2', async () => {
    const cases: [string[], string][] = [
      [['--pristine', path.join(scratch, 'nope')], `--pristine ${path.join(scratch, 'nope')}: no such folder`],
      [['--root', scratch], `${scratch} is not a backend-katas repository: it has no exercises/ folder with an exercise.json`],
      [['--jobs', '0', '--submissions', scratch], '--jobs must be a whole number greater than 0, not "0"'],
    ];
    const hidden = path.join(scratch, 'hidden-wrong');
    mkdirSync(path.join(hidden, '02-missing'), { recursive: true });
    cases.push([['--pristine', fixtureRoot, '--hidden', hidden], '--hidden: the folder 02-missing matches no exercise; name folders after the exercises: 01-greet']);
    for (const [args, message] of cases) {
      const result = await course.run(['grade', ...args]);
      expect(result.stderr.trim(), args.join(' ')).toBe(message);
      expect(result.exitCode).toBe(2);
    }
  });
});
