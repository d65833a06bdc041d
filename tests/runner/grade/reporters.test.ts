// The grade formats, each read back by a real parser: results.json by a JSON schema of
// Exercism's version 3, JUnit XML by an XML parser, the Classroom result as the grading
// reporter reads it (base64, then JSON), and the GitHub summary and workflow commands.
import { describe, expect, it } from 'vitest';
import { classroomPoints, classroomResult, formatClassroomResult, unitOf } from '../../../runner/reporters/classroom.js';
import { cutOutput, formatExercismResults } from '../../../runner/reporters/exercism.js';
import { exercismResultsPath, formatExercismExercise } from '../../../runner/reporters/exercism-exercise.js';
import { formatAnnotations, formatJobSummary } from '../../../runner/reporters/github.js';
import { formatGradescope, gradescopeResults } from '../../../runner/reporters/gradescope.js';
import { formatJUnit } from '../../../runner/reporters/junit.js';
import { TAMPER_CASE } from '../../../runner/reporters/messages.js';
import { junitSchemaErrors, parseClassroom, parseExercismInterface, parseGradescope, parseJUnit, parseResults } from './support/parse-formats.js';
import { readAsReporter } from './support/classroom-reporter.js';
import { reportWithPasses, sampleExercise, sampleReport } from './support/sample-report.js';

describe('results.json (Exercism version 3, extended with points)', () => {
  it('matches the schema, with points as decimals and task ids', () => {
    const results = parseResults(formatExercismResults(sampleReport()));
    expect(results.version).toBe(3);
    expect(results.status).toBe('fail');
    expect(results.points).toEqual({ earned: 1.5, possible: 3 });
    expect(results.tests.map((test) => [test.status, test.task_id, test.points])).toEqual([
      ['pass', 1, { earned: 0.5, possible: 0.5 }],
      ['fail', 1, { earned: 0, possible: 0.5 }],
      ['error', 2, { earned: 0, possible: 1 }],
      ['pass', 2, { earned: 1, possible: 1 }],
    ]);
    expect(results.exercises[0]?.tasks.map((task) => task.points)).toEqual([{ earned: 0.5, possible: 1 }, { earned: 1, possible: 2 }]);
    expect(results.tamper.markers).toEqual([expect.objectContaining({ marker: '.skip', line: 8 })]);
  });

  it('names a test by exercise and describe path, puts expected and received in the message, and a null message on a pass', () => {
    const results = parseResults(formatExercismResults(sampleReport()));
    expect(results.tests[0]).toMatchObject({ name: 'exercise-01 › task 1: greet by name › greets a name', message: null, output: null });
    expect(results.tests[1]?.message).toContain("expected: 'Hello, Ada!'\nreceived: 'Hello,  Ada !'");
  });

  it('cuts output to 500 characters and says so', () => {
    const results = parseResults(formatExercismResults(sampleReport()));
    const output = results.tests[1]?.output ?? '';
    expect(output).toHaveLength(500);
    expect(output.endsWith('Output was truncated. Please limit to 500 chars.')).toBe(true);
    expect(cutOutput('short')).toBe('short');
  });

  it('keeps a hidden test\'s code to itself, and gives the others their own code, or where to find it', () => {
    const results = parseResults(formatExercismResults(sampleReport()));
    const hidden = results.tests.find((test) => test.hidden);
    expect(hidden?.test_code).toBe('// a hidden test of exercise-01, run only when grading');
    expect(results.tests[0]?.test_code).toBe("expect(greet('Ada')).toBe('Hello, Ada!');");
    expect(results.tests[1]?.test_code).toContain('npm run check 01');
  });

  it('has status error with a message when no test ran', () => {
    const exercise = { ...sampleExercise(), tests: [], status: 'error' as const };
    const results = parseResults(formatExercismResults(sampleReport({ status: 'error', message: 'no test ran', exercises: [exercise] })));
    expect(results).toMatchObject({ status: 'error', message: 'no test ran', tests: [] });
  });
});

describe('Exercism results.json per exercise (the interface, version 3)', () => {
  it('holds one exercise, named by describe path, with its own task ids and the interface\'s keys only', () => {
    const results = parseExercismInterface(formatExercismExercise({ ...sampleExercise(), typeErrors: [] }));
    expect(results).toMatchObject({ version: 3, status: 'fail', message: null });
    expect(results.tests?.map((test) => [test.name, test.status, test.task_id ?? null])).toEqual([
      ['task 1: greet by name › greets a name', 'pass', 1],
      ['task 1: greet by name › trims the name | with a pipe', 'fail', 1],
      ['task 2: describe an error › gives a generic message', 'error', 2],
      ['task 2: describe an error › hides the stack in a hidden test', 'pass', 2],
      ['static rule no-stack-in-response at exercises/01-greet/src/greet.ts:7', 'fail', null],
      ['left-open in exercises/01-greet/tests/greet.test.ts', 'error', null],
    ]);
    expect(results.tests?.[0]?.test_code).toBe("expect(greet('Ada')).toBe('Hello, Ada!');");
    expect(results.tests?.[1]?.message).toBe("surrounding spaces: expected 'Hello,  Ada !' to be 'Hello, Ada!' <&> bell\nexpected: 'Hello, Ada!'\nreceived: 'Hello,  Ada !'");
    expect(results.tests?.[1]?.output).toHaveLength(500);
    expect(exercismResultsPath(sampleExercise())).toBe('exercism/01-greet/results.json');
  });

  it('is an error with the compiler\'s message when the code does not compile, though its tests ran', () => {
    const results = parseExercismInterface(formatExercismExercise(sampleExercise()));
    expect(results).toEqual({ version: 3, status: 'error', message: "exercises/01-greet/src/greet.ts(10,14): error TS2322: Type 'string' is not assignable to type 'number'." });
  });

  it('is an error with the reason when no test ran, and a pass only when every test passed', () => {
    const none = { ...sampleExercise(), typeErrors: [], violations: [], problems: [], tests: [], message: 'exercises/01-greet/tests/greet.test.ts: failed to load' };
    expect(parseExercismInterface(formatExercismExercise(none))).toEqual({ version: 3, status: 'error', message: 'exercises/01-greet/tests/greet.test.ts: failed to load' });
    const passing = { ...sampleExercise(), typeErrors: [], violations: [], problems: [], tests: sampleExercise().tests.map((test) => ({ ...test, status: 'pass' as const })) };
    expect(parseExercismInterface(formatExercismExercise(passing)).status).toBe('pass');
  });
});

describe('JUnit XML', () => {
  it('is well-formed and has one suite per exercise plus the grading suite, with counts that add up', () => {
    const document = parseJUnit(formatJUnit(sampleReport()));
    const suites = document.testsuites.testsuite;
    expect(suites.map((suite) => suite['@_name'])).toEqual(['exercise-01 greet: Greeter & <friends>', 'grading']);
    const [exercise] = suites;
    // 4 tests + 1 type error + 1 rule finding + 1 run problem
    expect(exercise?.['@_tests']).toBe('7');
    expect(exercise?.['@_failures']).toBe('3');
    expect(exercise?.['@_errors']).toBe('2');
    expect(document.testsuites['@_tests']).toBe('8');
    expect(document.testsuites['@_failures']).toBe('4');
  });

  it('gives each test its task as classname, a failure with expected and received, and the points as properties', () => {
    const suite = parseJUnit(formatJUnit(sampleReport())).testsuites.testsuite[0];
    const failed = suite?.testcase.find((item) => item['@_name'] === 'trims the name | with a pipe');
    expect(failed?.['@_classname']).toBe('exercise-01.task 1: greet by name');
    expect(failed?.['@_file']).toBeUndefined();
    expect(failed?.failure?.['@_message']).toBe("surrounding spaces: expected 'Hello,  Ada !' to be 'Hello, Ada!' <&> bell");
    expect(failed?.failure?.['#text']).toContain("expected: 'Hello, Ada!'");
    expect(failed?.failure?.['#text']).toContain('at exercises/01-greet/tests/greet.test.ts:9:74');
    expect(failed?.['system-out']).toContain('log line with <tags> & "quotes"');
    expect(suite?.testcase.find((item) => item['@_name'] === 'gives a generic message')?.error?.['@_type']).toBe('NotRun');
    expect(suite?.properties.property).toEqual(expect.arrayContaining([{ '@_name': 'points.earned', '@_value': '1.5' }, { '@_name': 'task 2 points', '@_value': '1/2' }]));
  });

  it('reports the type error, the rule finding and the tampering as failing cases', () => {
    const suites = parseJUnit(formatJUnit(sampleReport())).testsuites.testsuite;
    const names = suites.flatMap((suite) => suite.testcase.map((item) => `${item['@_classname']} / ${item['@_name']}`));
    expect(names).toEqual(
      expect.arrayContaining([
        'exercise-01.typecheck / exercises/01-greet/src/greet.ts:10:14 TS2322',
        'exercise-01.static rules / no-stack-in-response at exercises/01-greet/src/greet.ts:7',
        'exercise-01.run / left-open in exercises/01-greet/tests/greet.test.ts',
      ]),
    );
    const grading = suites[1]?.testcase[0];
    expect(grading?.failure?.['#text']).toContain('.skip at exercises/01-greet/tests/greet.test.ts:8');
  });

  it('passes the grading case when nothing was changed', () => {
    const document = parseJUnit(formatJUnit(sampleReport({ tamper: { changed: [], deleted: [], markers: [] } })));
    expect(document.testsuites.testsuite[1]?.testcase[0]).toEqual({ '@_classname': 'grading', '@_name': 'the course files are unchanged', '@_time': '0.000' });
  });

  it('is valid against Jenkins xUnit\'s junit-10.xsd, tampered or not, with every kind of case', async () => {
    expect(await junitSchemaErrors(formatJUnit(sampleReport()))).toEqual([]);
    expect(await junitSchemaErrors(formatJUnit(sampleReport({ tamper: { changed: [], deleted: [], markers: [] } })))).toEqual([]);
    // The validator does reject what the schema forbids: the attribute this file used to carry.
    expect(await junitSchemaErrors(formatJUnit(sampleReport()).replace('<testcase ', '<testcase file="x.ts" '))).toEqual([expect.stringContaining("attribute 'file'")]);
  });

  it('ends every failure with where it is, as stack-trace readers find a file: the failing line, or the test file', () => {
    const cases = parseJUnit(formatJUnit(sampleReport())).testsuites.testsuite[0]?.testcase ?? [];
    const text = (name: string) => { const item = cases.find((each) => each['@_name'].startsWith(name)); return (item?.failure ?? item?.error)?.['#text'] ?? ''; };
    expect(text('trims the name')).toMatch(/\nat exercises\/01-greet\/tests\/greet\.test\.ts:9:74$/);
    expect(text('gives a generic message')).toMatch(/\nat exercises\/01-greet\/tests\/greet\.test\.ts$/);
    expect(text('exercises/01-greet/src/greet.ts:10:14 TS2322')).toMatch(/\nat exercises\/01-greet\/src\/greet\.ts:10:14$/);
    expect(text('no-stack-in-response')).toMatch(/\nat exercises\/01-greet\/src\/greet\.ts:7$/);
  });

  it('names the tamper case as the Classroom log and Gradescope do', () => {
    const document = parseJUnit(formatJUnit(sampleReport()));
    expect(document.testsuites.testsuite[1]?.testcase[0]?.['@_name']).toBe(TAMPER_CASE);
  });
});

describe('GitHub Classroom result', () => {
  it('decodes from base64 to the grading reporter\'s shape: a quarter point per entry, each task cut into its quarters', () => {
    const result = parseClassroom(formatClassroomResult(sampleReport()));
    expect(result).toMatchObject({ version: 1, status: 'fail', max_score: 3 });
    expect(result.tests.map((test) => [test.name, test.status, test.score])).toEqual([
      ['exercise-01 task 1: Greet by name (part 1 of 4)', 'pass', 0.25],
      ['exercise-01 task 1: Greet by name (part 2 of 4)', 'pass', 0.25],
      ['exercise-01 task 1: Greet by name (part 3 of 4)', 'error', 0],
      ['exercise-01 task 1: Greet by name (part 4 of 4)', 'fail', 0],
      ...[1, 2, 3, 4].map((part) => [`exercise-01 task 2: Describe an error (part ${part} of 8)`, 'pass', 0.25]),
      ['exercise-01 task 2: Describe an error (part 5 of 8)', 'error', 0],
      ...[6, 7, 8].map((part) => [`exercise-01 task 2: Describe an error (part ${part} of 8)`, 'fail', 0]),
    ]);
    for (const test of result.tests) expect(Object.keys(test).sort()).toEqual(['execution_time', 'filename', 'line_no', 'message', 'name', 'score', 'status', 'test_code']);
  });

  it('prints in the learner\'s log why each task lost points, the type errors, rule findings and changed course files', () => {
    const { log } = readAsReporter(parseClassroom(formatClassroomResult(sampleReport())));
    const text = log.join('\n');
    expect(text).toContain(
      "Error: ❌ exercise-01 task 1: Greet by name: 0.5 of 1 points. 1 of 2 tests pass; first failure: task 1: greet by name › trims the name | with a pipe: surrounding spaces: expected 'Hello,  Ada !' to be 'Hello, Ada!' <&> bell\nSee it yourself: npm run check 01",
    );
    expect(text).toContain('Error: ❌ exercise-01 task 2: Describe an error: 1 of 2 points. 1 of 2 tests pass; first failure: task 2: describe an error › gives a generic message: this test did not run');
    expect(text).toContain("exercise-01 fails: type error TS2322 at exercises/01-greet/src/greet.ts:10:14: Type 'string' is not assignable to type 'number'.");
    expect(text).toContain('exercise-01 fails: static rule no-stack-in-response at exercises/01-greet/src/greet.ts:7: a stack trace goes into a response');
    expect(text).toContain('exercise-01 fails: exercises/01-greet/tests/greet.test.ts: a server is still listening');
    expect(text).toContain('the course files are unchanged: no. Grading ran the course\'s own files; the learner changed exercises/01-greet/tests/greet.test.ts, deleted exercises/01-greet/tests/other.test.ts, .skip at exercises/01-greet/tests/greet.test.ts:8.');
    expect(text).not.toMatch(/\u001b|\u0007/);
  });

  it('says when Classroom counts less than the grade because it counts whole quarter points', () => {
    const report = reportWithPasses([[true, false, false]]);
    const result = classroomResult(report);
    expect(result.tests.map((test) => test.status)).toEqual(['pass', 'error', 'fail', 'fail']);
    expect(result.tests[1]?.message).toMatch(/^❌ exercise-01 task 1: Task 1: 0\.34 of 1 points, of which Classroom counts 0\.25 \(whole quarter points\)\. 1 of 3 tests pass/);
  });

  it('prints the table the points it records, for every state, with no float noise', () => {
    // Task 1: 1 point over 3 tests (0.34, 0.33, 0.33); task 2: 2 points over 2; task 3: 1 point over 5 (0.2 each).
    const shape = [3, 2, 5];
    const count = shape.reduce((sum, tests) => sum + tests, 0);
    for (let state = 0; state < 2 ** count; state += 1) {
      let bit = 0;
      const passes = shape.map((tests) => Array.from({ length: tests }, () => ((state >> bit++) & 1) === 1));
      const report = reportWithPasses(passes, [100, 200, 100]);
      const view = readAsReporter(parseClassroom(formatClassroomResult(report)));
      const expected = report.exercises[0]!.tasks.reduce((sum, task) => sum + classroomPoints(task, 25), 0) / 100;
      expect(view.recorded, passes.join(' / ')).toBe(expected);
      expect(view.table, passes.join(' / ')).toBe(view.recorded);
      expect(String(view.recorded)).toMatch(/^\d+(\.\d\d?)?$/);
      expect(view.maxPoints).toBe(4);
    }
  });

  it('never counts more than the grade, and all of it when every test passes', () => {
    const all = reportWithPasses([[true, true, true], [true, true]], [100, 200]);
    expect(readAsReporter(classroomResult(all)).recorded).toBe(3);
    expect(classroomResult(all).tests.every((test) => test.status === 'pass' && test.message === '')).toBe(true);
  });

  it('cuts a task worth a tenth of a point into tenths', () => {
    const report = reportWithPasses([[true]], [10]);
    expect(unitOf(report)).toBe(5);
  });
});

describe('Gradescope results.json', () => {
  it('follows the specification: a score, and per task its number, score, max_score, status and a Markdown output', () => {
    const results = parseGradescope(formatGradescope(sampleReport()));
    expect(results).toMatchObject({ score: 1.5, output_format: 'md', extra_data: { course_version: '1.2.0+0123456789ab' } });
    expect(results.tests.map((test) => [test.number, test.name, test.score, test.max_score, test.status, test.visibility])).toEqual([
      ['1.1', 'exercise-01 task 1: Greet by name', 0.5, 1, 'failed', 'visible'],
      ['1.2', 'exercise-01 task 2: Describe an error', 0, 1, 'failed', 'visible'],
      ['1.2.h', 'exercise-01 task 2: Describe an error (hidden tests)', 1, 1, 'passed', 'after_due_date'],
      ['1.0', 'exercise-01: type errors, rule findings and run problems', 0, 0, 'failed', 'visible'],
      ['0', TAMPER_CASE, 0, 0, 'failed', 'visible'],
    ]);
  });

  it('adds up: the entries make the score and the points possible', () => {
    const results = gradescopeResults(sampleReport());
    expect(results.tests.reduce((sum, test) => sum + test.score, 0)).toBe(results.score);
    expect(results.tests.reduce((sum, test) => sum + test.max_score, 0)).toBe(3);
  });

  it('tells the learner what to do: the first failure with expected and received, in a fence text cannot close, and the command', () => {
    const [task1, task2] = gradescopeResults(sampleReport()).tests;
    expect(task1?.output).toBe(
      "1 of 2 tests pass.\n\n**First failure:** task 1: greet by name › trims the name | with a pipe\n\n```\nsurrounding spaces: expected 'Hello,  Ada !' to be 'Hello, Ada!' <&> bell\nexpected: 'Hello, Ada!'\nreceived: 'Hello,  Ada !'\n```\n\nSee it yourself: `npm run check 01`",
    );
    expect(task2?.output).toContain('this test did not run');
    const fenced = sampleReport();
    fenced.exercises[0]!.tests[1]!.message = 'a ``` inside';
    expect(gradescopeResults(fenced).tests[0]?.output).toContain('````\na ``` inside');
  });

  it('lists the type errors, rule findings and changed course files in entries of their own', () => {
    const tests = gradescopeResults(sampleReport()).tests;
    expect(tests[3]?.output).toContain("- type error TS2322 at `exercises/01-greet/src/greet.ts:10:14`: Type 'string' is not assignable to type 'number'.");
    expect(tests[4]?.output).toContain('- `.skip` added at `exercises/01-greet/tests/greet.test.ts:8`');
    expect(gradescopeResults(sampleReport({ tamper: { changed: [], deleted: [], markers: [] } })).tests.at(-1)).toMatchObject({ name: TAMPER_CASE, status: 'passed' });
  });

  it('shows hidden tests when the instructor says', () => {
    expect(gradescopeResults(sampleReport(), { hiddenVisibility: 'after_published' }).tests[2]?.visibility).toBe('after_published');
  });
});

describe('GitHub Actions job summary and annotations', () => {
  it('summarises points per exercise and per task in Markdown tables, pipes escaped', () => {
    const summary = formatJobSummary(sampleReport());
    expect(summary).toContain('## backend-katas grade: 1.5 / 3 points (50%)');
    expect(summary).toContain('| ❌ | exercise-01 greet | 1.5 / 3 | 2/4 | 1 type error; 1 static-rule finding |');
    expect(summary).toContain('| ❌ | 2. Describe an error | 1 / 2 | 1/2 |');
    expect(summary).toContain('- `.skip` added at `exercises/01-greet/tests/greet.test.ts:8`');
    expect(summary).toContain('<summary>exercise-01 Greeter &amp; &lt;friends&gt;: 1.5 / 3 points</summary>');
  });

  it('annotates type errors, rule findings, problems and the first failure of each task at file and line, escaped', () => {
    const lines = formatAnnotations(sampleReport());
    expect(lines).toContain("::error file=exercises/01-greet/src/greet.ts,line=10,col=14,title=exercise-01 type error TS2322::Type 'string' is not assignable to type 'number'.");
    expect(lines).toContain('::error file=exercises/01-greet/src/greet.ts,line=7,title=exercise-01 static rule no-stack-in-response::a stack trace goes into a response (it tells an attacker about your code)');
    expect(lines.find((line) => line.includes('trims the name'))).toMatch(/^::error file=exercises\/01-greet\/tests\/greet\.test\.ts,line=9,col=74,title=exercise-01 task 1%3A greet by name › trims the name \| with a pipe::surrounding/);
    expect(lines).toContain('::warning file=exercises/01-greet/tests/greet.test.ts,line=8,title=.skip added::.skip keeps a test from counting; grading ran the pristine test file');
    for (const line of lines) expect(line).not.toMatch(/\n/);
  });

  it('spends the ten on as many exercises as it can, each on a line of the learner\'s code before a test\'s line, a file or nothing', () => {
    const base = sampleExercise();
    const notRun = (index: number) => ({ ...base.tests[2]!, name: `not run ${index}`, path: [`task ${index + 1}: t`, `not run ${index}`], task: index + 1, file: 'exercises/03-crud/tests/crud.test.ts', hidden: true });
    const exercises = Array.from({ length: 12 }, (_, index) => {
      const id = `exercise-${String(index + 1).padStart(2, '0')}`;
      // Exercise 03 fails five tasks whose tests never ran (no place to point at); the others have a type error in their own code and a failing test.
      if (index === 2) return { ...base, id, typeErrors: [], violations: [], problems: [], tasks: Array.from({ length: 5 }, (_, task) => ({ ...base.tasks[0]!, number: task + 1 })), tests: Array.from({ length: 5 }, (_, task) => notRun(task)) };
      return { ...base, id, violations: [], problems: [], tests: [base.tests[1]!], typeErrors: [{ ...base.typeErrors[0]!, file: `exercises/${index + 1}/src/code.ts` }] };
    });
    const errors = formatAnnotations(sampleReport({ exercises })).filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(10);
    const titles = errors.map((line) => /title=(exercise-\d\d)/.exec(line)?.[1]);
    expect(new Set(titles).size).toBe(10);
    expect(titles).not.toContain('exercise-03');
    for (const line of errors) expect(line).toMatch(/^::error file=exercises\/\d+\/src\/code\.ts,line=10,/);
  });

  it('shows at most ten errors and says how many more there are', () => {
    const exercise = sampleExercise();
    const many = Array.from({ length: 14 }, (_, index) => ({ ...exercise.typeErrors[0]!, line: index + 1 }));
    const lines = formatAnnotations(sampleReport({ exercises: [{ ...exercise, typeErrors: many }] }));
    expect(lines.filter((line) => line.startsWith('::error'))).toHaveLength(10);
    expect(lines).toContain('::notice title=More failures::8 more failure(s): see the job summary and junit.xml');
  });
});
