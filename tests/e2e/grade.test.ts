// `npm run grade` end to end on the fixture course, in a temporary copy: grades come
// from the pristine tests whatever the learner did to theirs, hidden tests count, and
// every format it writes is read back by a real parser.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, type CourseCopy } from '../support/course-copy.js';
import { readAsReporter } from '../runner/grade/support/classroom-reporter.js';
import { junitSchemaErrors, parseClassroom, parseExercismInterface, parseGradescope, parseJUnit, parseResults, type ResultsJson } from '../runner/grade/support/parse-formats.js';

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
    const honest = await grade(['--course', fixtureRoot]);
    expect(pointsOf(honest.results)).toEqual([[0.5, 2]]);

    course.write(testFile, pristineTest().replace("toBe('Hello, Ada!')", 'toBeTruthy()').replace("'surrounding spaces are not part of a name').toBe('Hello, Ada!')", "'x').toBeTruthy()"));
    // The edit works on the learner's own tests: graded from the working tree, it would earn the point.
    const fromWorkingTree = await grade();
    expect(fromWorkingTree.results.pristine.kind).toBe('working-tree');
    expect(fromWorkingTree.results.warnings[0]).toMatch(/^graded with this repository's own course files/);
    expect(pointsOf(fromWorkingTree.results)).toEqual([[1, 2]]);

    const edited = await grade(['--course', fixtureRoot]);
    expect(pointsOf(edited.results)).toEqual([[0.5, 2]]);
    expect(edited.results.points).toEqual({ earned: 2.5, possible: 3 });
    expect(edited.results.tamper.changed).toEqual([testFile]);
    expect(edited.stdout).toContain(`changed  ${testFile}`);
  });

  it('reports a .skip the learner added, and still counts the test: failing when the code is wrong, passing when it is right', async () => {
    course.write(testFile, pristineTest().replace("it('trims the name'", "it.skip('trims the name'"));
    course.write(learnerFile, noTrim());
    const wrong = await grade(['--course', fixtureRoot]);
    expect(wrong.results.tamper.markers).toEqual([{ file: testFile, line: 8, marker: '.skip', source: "it.skip('trims the name', () => {" }]);
    expect(wrong.results.tests.find((test) => test.name.endsWith('trims the name'))).toMatchObject({ status: 'fail', points: { earned: 0, possible: 0.5 } });
    expect(wrong.results.points.earned).toBe(2.5);
    expect(readFileSync(path.join(wrong.out, 'annotations.txt'), 'utf8')).toContain(`::warning file=${testFile},line=8,title=.skip added::`);

    course.write(learnerFile, solution());
    const right = await grade(['--course', fixtureRoot]);
    expect(right.results.tests.find((test) => test.name.endsWith('trims the name'))?.status).toBe('pass');
    expect(right.results.points).toEqual({ earned: 3, possible: 3 });
    expect(right.results.status).toBe('pass');
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
    const { results, out } = await grade(['--course', fixtureRoot, '--hidden', hidden, '--hidden-visibility', 'after_published']);
    const gradescope = parseGradescope(readFileSync(path.join(out, 'gradescope.json'), 'utf8'));
    expect(gradescope.score).toBe(2.75);
    expect(gradescope.extra_data?.course_version).toBe(results.pristine.version);
    expect(gradescope.tests.filter((test) => test.max_score > 0).map((test) => [test.number, test.score, test.max_score, test.visibility])).toEqual([
      ['1.1', 0.5, 0.5, 'visible'],
      ['1.1.h', 0.25, 0.5, 'after_published'],
      ['1.2', 2, 2, 'visible'],
    ]);
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
    course.write(testFile, pristineTest());
    const summaryFile = path.join(scratch, 'step-summary.md');
    const outputFile = path.join(scratch, 'github-output.txt');
    const { out, stdout, results } = await grade(['--course', fixtureRoot], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile });

    expect(await junitSchemaErrors(readFileSync(path.join(out, 'junit.xml'), 'utf8'))).toEqual([]);
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
    // A quarter point per entry: the reporter's table and the points it records agree.
    expect(classroom.tests.map((test) => [test.name, test.status, test.score])).toEqual([
      ['exercise-01 task 1: Greet by name (part 1 of 4)', 'pass', 0.25],
      ['exercise-01 task 1: Greet by name (part 2 of 4)', 'pass', 0.25],
      ['exercise-01 task 1: Greet by name (part 3 of 4)', 'error', 0],
      ['exercise-01 task 1: Greet by name (part 4 of 4)', 'fail', 0],
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((part) => [`exercise-01 task 2: Describe an error (part ${part} of 8)`, 'pass', 0.25]),
    ]);
    const view = readAsReporter(classroom);
    expect([view.table, view.recorded]).toEqual([2.5, 2.5]);
    expect(view.log.join('\n')).toContain('Error: ❌ exercise-01 task 1: Greet by name: 0.5 of 1 points. 1 of 2 tests pass; first failure: task 1: greet by name › trims the name: surrounding spaces are not part of a name');
    expect(view.log.join('\n')).toContain(`the course files are unchanged: yes. No test file was changed, skipped or deleted; graded with course ${results.pristine.version}.`);
    expect(parseClassroom(readFileSync(path.join(out, 'classroom-result.txt'), 'utf8'))).toEqual(classroom);

    expect(readFileSync(summaryFile, 'utf8')).toContain('## backend-katas grade: 2.5 / 3 points (83%)');
    // Every report names the course version that graded the work (the fixture's package.json has none).
    const version = results.pristine.version;
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(readFileSync(summaryFile, 'utf8')).toContain(`Graded with course ${version}: the instructor's course (--course).`);
    expect(junit.testsuites.testsuite.find((suite) => suite['@_name'] === 'grading')?.properties.property).toContainEqual({ '@_name': 'course.version', '@_value': version });
    expect(stdout).toContain(`Graded with course ${version}.`);
    expect(stdout).toMatch(/^::error file=exercises\/01-greet\/tests\/greet\.test\.ts,line=9,col=\d+,title=exercise-01 task 1%3A greet by name › trims the name::surrounding spaces are not part of a name/m);
  });

  it('writes Exercism\'s results.json per exercise: the test\'s own code, paths relative to the repository, a type error as an error with the compiler\'s words', async () => {
    course.write(learnerFile, noTrim());
    const { out } = await grade(['--course', fixtureRoot]);
    const text = readFileSync(path.join(out, 'exercism', '01-greet', 'results.json'), 'utf8');
    const results = parseExercismInterface(text);
    expect(results.status).toBe('fail');
    expect(results.tests?.map((test) => [test.name, test.status, test.task_id])).toEqual([
      ['task 1: greet by name › greets a name', 'pass', 1],
      ['task 1: greet by name › trims the name', 'fail', 1],
      ['task 2: describe an error › gives a generic message', 'pass', 2],
    ]);
    expect(results.tests?.[1]?.test_code).toBe("expect(greet('  Ada '), 'surrounding spaces are not part of a name').toBe('Hello, Ada!');");
    for (const file of ['results.json', 'junit.xml', 'summary.md', 'annotations.txt', 'exercism/01-greet/results.json']) {
      expect(readFileSync(path.join(out, file), 'utf8'), file).not.toMatch(/katas-grade-|\u001b\[|"stack":|\\"stack\\"/);
    }

    course.write(learnerFile, `${solution()}\nexport const broken: number = 'text';\n`);
    const typed = parseExercismInterface(readFileSync(path.join((await grade(['--course', fixtureRoot])).out, 'exercism', '01-greet', 'results.json'), 'utf8'));
    expect(typed).toEqual({ version: 3, status: 'error', message: expect.stringMatching(/^exercises\/01-greet\/src\/greet\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'\.$/) });
    course.write(learnerFile, solution());
  });

  it('grades code that does not compile as an error with the reason, every task of the unloaded file at nothing', async () => {
    course.write(learnerFile, 'export function greet(name: string): string {\n  return `Hello, ${name}!` +;\n}\n');
    const { results, out } = await grade(['--course', fixtureRoot]);
    expect(parseExercismInterface(readFileSync(path.join(out, 'exercism', '01-greet', 'results.json'), 'utf8'))).toMatchObject({ status: 'error', message: expect.stringContaining('exercises/01-greet/src/greet.ts(2,') });
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
      [['--course', path.join(scratch, 'nope')], `--course ${path.join(scratch, 'nope')}: no such folder`],
      [['--root', scratch], `${scratch} is not a backend-katas repository: it has no exercises/ folder with an exercise.json`],
      [['--course', fixtureRoot, '--pristine', fixtureRoot], '--course and --pristine name the same thing: give one'],
      [['--jobs', '0', '--submissions', scratch], '--jobs must be a whole number greater than 0, not "0"'],
    ];
    const hidden = path.join(scratch, 'hidden-wrong');
    mkdirSync(path.join(hidden, '02-missing'), { recursive: true });
    cases.push([['--course', fixtureRoot, '--hidden', hidden], '--hidden: the folder 02-missing matches no exercise; name folders after the exercises: 01-greet']);
    cases.push([['--course', fixtureRoot, '--hidden-visibility', 'later'], '--hidden-visibility must be one of hidden, after_due_date, after_published, visible, not "later"']);
    for (const [args, message] of cases) {
      const result = await course.run(['grade', ...args]);
      expect(result.stderr.trim(), args.join(' ')).toBe(message);
      expect(result.exitCode).toBe(2);
    }
  });
});
