// The GitHub Classroom workflow's own commands, run as the workflow runs them (bash, the
// GitHub environment variables) on a learner's repository made from the fixture course:
// the grader comes from the first commit, and the step output is what the reporter reads.
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCourse, fixtureRoot, repoRoot, type CourseCopy } from '../support/course-copy.js';
import { parseClassroom } from '../runner/grade/support/parse-formats.js';

const workflow = readFileSync(path.join(repoRoot, '.github', 'workflows', 'classroom.yml'), 'utf8');
let learner: CourseCopy;
let runnerTemp: string;

/** The `run:` of the step with this name: one line, or a `|` block. */
function runOf(step: string): string {
  const start = workflow.indexOf(`- name: ${step}`);
  const rest = workflow.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => /^\s+- (name|uses):/.test(line));
  const body = rest.slice(0, end === -1 ? undefined : end);
  const index = body.findIndex((line) => /^\s+run:/.test(line));
  const first = body[index]?.replace(/^\s+run:\s*/, '') ?? '';
  if (first !== '|') return first;
  const block = body.slice(index + 1).filter((line) => line.trim() !== '');
  const indent = /^\s*/.exec(block[0] ?? '')?.[0].length ?? 0;
  return block.map((line) => line.slice(indent)).join('\n');
}

beforeAll(async () => {
  learner = copyCourse(fixtureRoot, ['01-greet']);
  runnerTemp = mkdtempSync(path.join(tmpdir(), 'katas-runner-temp-'));
  const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: learner.root });
  learner.write('.gitignore', 'node_modules\n.katas/\n');
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'the template');
  learner.write('exercises/01-greet/src/greet.ts', readFileSync(path.join(fixtureRoot, 'solutions', '01-greet', 'greet.ts'), 'utf8').replace('name.trim()', 'name'));
  learner.write('exercises/01-greet/tests/greet.test.ts', learner.read('exercises/01-greet/tests/greet.test.ts').replace("it('trims the name'", "it.skip('trims the name'"));
  await git('commit', '-q', '-am', 'my work');
}, 60_000);

afterAll(() => {
  learner.remove();
  rmSync(runnerTemp, { recursive: true, force: true });
});

describe('.github/workflows/classroom.yml', () => {
  it('is named and shaped as GitHub Classroom requires, and hands the grade step\'s output to the reporter', () => {
    expect(workflow).toMatch(/^name: Autograding Tests$/m);
    expect(workflow).toMatch(/^ {2}run-autograding-tests:$/m);
    expect(workflow).toContain('uses: classroom-resources/autograding-grading-reporter@v1');
    expect(workflow).toContain('KATAS_RESULTS: "${{ steps.katas.outputs.result }}"');
    expect(workflow).toMatch(/runners: katas$/m);
    expect(workflow).toMatch(/- name: Grade\n\s+id: katas\n/);
  });

  it('grades the learner with the first commit\'s runner and tests, and sets the result the reporter reads', async () => {
    const env = {
      GITHUB_WORKSPACE: learner.root,
      RUNNER_TEMP: runnerTemp,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: path.join(runnerTemp, 'output'),
      GITHUB_STEP_SUMMARY: path.join(runnerTemp, 'summary'),
      NO_COLOR: '1',
    };
    await execa('bash', ['-e', '-c', runOf('Take the course as the template shipped it (the first commit)')], { cwd: learner.root, env });
    const pristine = path.join(runnerTemp, 'pristine');
    // Instead of the workflow's `npm ci`: the same packages, already installed.
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(pristine, 'node_modules'), 'junction');
    const grade = await execa('bash', ['-e', '-c', runOf('Grade')], { cwd: pristine, env, reject: false, timeout: 180_000 });
    expect(grade.exitCode, grade.stderr).toBe(0);
    expect(grade.stdout).toContain('::warning file=exercises/01-greet/tests/greet.test.ts,line=8,title=.skip added::');

    const output = readFileSync(env.GITHUB_OUTPUT, 'utf8').trim();
    const result = parseClassroom(output.replace(/^result=/, ''));
    expect(result.max_score).toBe(3);
    expect(result.tests.reduce((sum, test) => sum + test.score, 0)).toBe(2.5);
    expect(result.tests.at(-1)).toMatchObject({ name: 'the course test files are unchanged', status: 'fail' });
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain('2.5 / 3 points');
    expect(readFileSync(path.join(learner.root, '.katas', 'grade', 'results.json'), 'utf8')).toContain('"kind": "folder"');
  }, 200_000);
});
