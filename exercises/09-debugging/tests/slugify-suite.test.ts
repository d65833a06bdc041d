// Task 4: the learner's tests are the thing under test. Their suite runs in a vitest of
// its own (a child process), once against the real slugify(), where it must pass, and
// once against each buggy version, where it must fail. All versions share one start-up.
// A missed bug is reported by what it does, never by its code.
import { beforeAll, describe, expect, it } from 'vitest';
import { plannedTests, willRun } from '../../../runner/kit/planned-tests.js';
// The swap of src/ (reference solution, a mutant) applies to this import, so the path
// it gives is the copy under test; a path written here would always be src/.
import { subjectFile, suiteFile } from '../src/suite-location.js';
import { runSuite, type Version, type VersionOutcome } from './support/run-suite.js';
import { bugFile, SLUGIFY_BUGS, type SlugifyBug } from './support/slugify-bugs.js';

const CORRECT = 'correct';
const correct: Version = { name: CORRECT, file: subjectFile };
const bugTest = (bug: SlugifyBug): string => `fails against a slugify() that ${bug.behaviour}`;
const bugVersion = (bug: SlugifyBug): Version => ({ name: bug.name, file: bugFile(bug) });
const FAILURES_SHOWN = 5;

let outcomes: Map<string, VersionOutcome> | undefined;
let runError: Error | undefined;

/** Why the suite does not pass on the real slugify(), or undefined when it does. */
function problemWithCorrectRun(): string | undefined {
  if (runError) return runError.message;
  const outcome = outcomes?.get(CORRECT);
  if (!outcome) return 'the run gave no result for your suite';
  if (outcome.fileError) return `src/slugify.test.ts did not run: ${outcome.fileError}`;
  const failed = outcome.tests.filter((test) => test.status === 'failed');
  if (failed.length > 0) {
    const listed = failed.slice(0, FAILURES_SHOWN).map((test) => `\n    ✗ ${test.name}${test.failure ? `: ${test.failure}` : ''}`);
    return `your suite fails against the real slugify() in src/slugify.ts: a test that fails on working code says nothing about a bug, and teaches people to ignore failures. Fix these tests first, so that each says what slugify() does (its comment is the specification):${listed.join('')}`;
  }
  if (!outcome.tests.some((test) => test.status === 'passed')) {
    return 'your suite has no test that runs yet: src/slugify.test.ts only holds it.todo() (or skipped tests). Write tests with it() and expect()';
  }
  return undefined;
}

describe('task 4: write the tests of slugify()', () => {
  beforeAll(async ({}, suite) => {
    // The real slugify(), which every test looks at, and each buggy one whose test runs: all
    // of them, unless a filter or the self-check runs fewer tests.
    const planned = plannedTests(suite);
    const bugs = SLUGIFY_BUGS.filter((bug) => willRun(planned, (name) => name === bugTest(bug)));
    try {
      outcomes = await runSuite(suiteFile, [correct, ...bugs.map(bugVersion)]);
    } catch (error) {
      runError = error as Error;
    }
  }, 16_000);

  it('runs your suite against the real slugify(), where every test passes', () => {
    const problem = problemWithCorrectRun();
    expect(problem === undefined, problem).toBe(true);
  });

  for (const bug of SLUGIFY_BUGS) {
    it(bugTest(bug), async () => {
      expect(problemWithCorrectRun() === undefined, 'first your suite must pass against the real slugify(): the first test of task 4 says what went wrong').toBe(true);
      // Run before the tests unless no test of this version was planned to run.
      const outcome = outcomes?.get(bug.name) ?? (await runSuite(suiteFile, [bugVersion(bug)])).get(bug.name);
      expect(outcome?.status, `your suite passes against a slugify() that ${bug.behaviour}: every one of your tests stayed green on broken code. Add a test whose input shows that behaviour and whose expect() says what the real slugify() gives`).toBe('failed');
    });
  }
});
