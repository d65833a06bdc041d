// The grade formats, each read back by a real parser: results.json by a JSON schema of
// Exercism's version 3, JUnit XML by an XML parser, the Classroom result as the grading
// reporter reads it (base64, then JSON), and the GitHub summary and workflow commands.
import { describe, expect, it } from 'vitest';
import { classroomResult, formatClassroomResult } from '../../../runner/reporters/classroom.js';
import { cutOutput, formatExercismResults } from '../../../runner/reporters/exercism.js';
import { formatAnnotations, formatJobSummary } from '../../../runner/reporters/github.js';
import { formatJUnit } from '../../../runner/reporters/junit.js';
import { parseClassroom, parseJUnit, parseResults } from './support/parse-formats.js';
import { sampleExercise, sampleReport } from './support/sample-report.js';

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

  it('keeps a hidden test\'s code to itself', () => {
    const results = parseResults(formatExercismResults(sampleReport()));
    const hidden = results.tests.find((test) => test.hidden);
    expect(hidden?.test_code).toBe('// a hidden test of exercise-01, run only when grading');
    expect(results.tests[0]?.test_code).toContain('npm run check 01');
  });

  it('has status error with a message when no test ran', () => {
    const exercise = { ...sampleExercise(), tests: [], status: 'error' as const };
    const results = parseResults(formatExercismResults(sampleReport({ status: 'error', message: 'no test ran', exercises: [exercise] })));
    expect(results).toMatchObject({ status: 'error', message: 'no test ran', tests: [] });
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
    expect(failed?.['@_file']).toBe('exercises/01-greet/tests/greet.test.ts');
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
});

describe('GitHub Classroom result', () => {
  it('decodes from base64 to the grading reporter\'s shape, one entry per task scored with its points', () => {
    const result = parseClassroom(formatClassroomResult(sampleReport()));
    expect(result).toMatchObject({ version: 1, status: 'fail', max_score: 3 });
    expect(result.tests.map((test) => [test.name, test.status, test.score])).toEqual([
      ['exercise-01 task 1: Greet by name', 'fail', 0.5],
      ['exercise-01 task 2: Describe an error', 'fail', 1],
      ['the course test files are unchanged', 'fail', 0],
    ]);
    expect(result.tests[0]?.message).toBe("1 of 2 tests pass; first failure: task 1: greet by name › trims the name | with a pipe: surrounding spaces: expected 'Hello,  Ada !' to be 'Hello, Ada!' <&> bell");
    for (const test of result.tests) expect(Object.keys(test).sort()).toEqual(['execution_time', 'filename', 'line_no', 'message', 'name', 'score', 'status', 'test_code']);
  });

  it('adds up as the reporter adds it up: the scores make the points earned', () => {
    const result = classroomResult(sampleReport());
    expect(result.tests.reduce((sum, test) => sum + test.score, 0)).toBe(1.5);
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

  it('shows at most ten errors and says how many more there are', () => {
    const exercise = sampleExercise();
    const many = Array.from({ length: 14 }, (_, index) => ({ ...exercise.typeErrors[0]!, line: index + 1 }));
    const lines = formatAnnotations(sampleReport({ exercises: [{ ...exercise, typeErrors: many }] }));
    expect(lines.filter((line) => line.startsWith('::error'))).toHaveLength(10);
    expect(lines).toContain('::notice title=More failures::8 more failure(s): see the job summary and junit.xml');
  });
});
