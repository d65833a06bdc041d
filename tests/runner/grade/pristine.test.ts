// Where the trusted course comes from (a folder, the course lock, the instructor's working tree)
// and what the learner changed in it, on small repositories made on disk.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { hashCourseFile, writeLock } from '../../../runner/course/course-lock.js';
import { courseFileKind, readCourseFiles } from '../../../runner/grade/course-files.js';
import { parseBatch, parseTree, readCommitFiles, rootCommit } from '../../../runner/grade/git-tree.js';
import { findPristine } from '../../../runner/grade/pristine.js';
import { findTampering } from '../../../runner/grade/tamper.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const TEST = "import { it } from 'vitest';\nit('works', () => {});\n";

function course(files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'katas-pristine-'));
  made.push(root);
  const all = {
    'exercises/01-greet/exercise.json': '{}',
    'exercises/01-greet/tests/greet.test.ts': TEST,
    'exercises/01-greet/src/greet.ts': 'export const a = 1;\n',
    'runner/kit/guard.ts': '// guard\n',
    'tsconfig.json': '{}',
    'package.json': '{}',
    ...files,
  };
  for (const [file, text] of Object.entries(all)) write(root, file, text);
  return root;
}

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

async function commitAll(root: string, message: string): Promise<void> {
  const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root });
  if (message === 'template') await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-q', '-m', message);
}

describe('courseFileKind', () => {
  it('tells the course\'s files from the learner\'s', () => {
    expect(courseFileKind('exercises/01-greet/tests/greet.test.ts')).toBe('test');
    expect(courseFileKind('exercises/01-greet/tests/support/x.ts')).toBe('test');
    expect(courseFileKind('exercises/01-greet/exercise.json')).toBe('manifest');
    expect(courseFileKind('runner/kit/guard.ts')).toBe('runner');
    expect(courseFileKind('tsconfig.json')).toBe('config');
    expect(courseFileKind('exercises/01-greet/src/greet.ts')).toBeUndefined();
    expect(courseFileKind('exercises/01-greet/src/slugify.test.ts')).toBeUndefined();
    expect(courseFileKind('solutions/01-greet/greet.ts')).toBeUndefined();
  });
});

describe('git-tree', () => {
  it('parses ls-tree and cat-file --batch output', () => {
    expect(parseTree('100644 blob abc\ta b.ts\u0000120000 blob def\tlink\u0000')).toEqual([{ sha: 'abc', path: 'a b.ts' }]);
    const batch = Buffer.from('abc blob 3\nhi\n\ndef blob 0\n\n');
    expect([...parseBatch(batch)].map(([sha, content]) => [sha, content.toString()])).toEqual([['abc', 'hi\n'], ['def', '']]);
  });

  it('reads the files of the first commit, not those of later ones', async () => {
    const root = course();
    await commitAll(root, 'template');
    write(root, 'exercises/01-greet/tests/greet.test.ts', 'changed');
    await commitAll(root, 'learner');
    const first = await rootCommit(root);
    const files = await readCommitFiles(root, first ?? '', (file) => file.endsWith('.ts'));
    expect(files.get('exercises/01-greet/tests/greet.test.ts')?.toString()).toBe(TEST);
    expect([...files.keys()].sort()).toEqual(['exercises/01-greet/src/greet.ts', 'exercises/01-greet/tests/greet.test.ts', 'runner/kit/guard.ts']);
  });

  it('finds no history for a folder that is not the top of a repository', async () => {
    const root = course();
    await commitAll(root, 'template');
    expect(await rootCommit(path.join(root, 'exercises'))).toBeUndefined();
  });
});

describe('findPristine and findTampering', () => {
  it('takes the course files from a folder given with --course, with its version, and reports the learner\'s edited, skipped and deleted tests', () => {
    const pristine = course({ 'exercises/01-greet/tests/more.test.ts': TEST, 'package.json': '{ "version": "1.4.0" }' });
    const learner = course({ 'exercises/01-greet/tests/greet.test.ts': TEST.replace("it('works'", "it.skip('works'"), 'exercises/01-greet/src/greet.ts': 'export const a = 2;\n', 'tsconfig.json': '{ "strict": false }' });
    const found = findPristine(learner, pristine);
    expect(found.info).toEqual({ kind: 'folder', label: pristine, version: '1.4.0' });
    expect(found.warning).toBeUndefined();
    expect(findTampering(learner, found)).toEqual({
      changed: ['exercises/01-greet/tests/greet.test.ts', 'tsconfig.json'],
      deleted: ['exercises/01-greet/tests/more.test.ts'],
      markers: [{ file: 'exercises/01-greet/tests/greet.test.ts', line: 2, marker: '.skip', source: "it.skip('works', () => {});" }],
    });
  });

  it('never takes the course from git history: a forged first commit with trivial tests is ignored, and a copy with neither lock nor solutions is refused', async () => {
    const learner = course();
    await commitAll(learner, 'template');
    expect(() => findPristine(learner, undefined)).toThrow(/has no course to trust: it has no course\.lock\.json and is not the instructor's course/);
  });

  it('grades a release with its own files when every one the grader runs matches course.lock.json, and records the lock\'s version', () => {
    const learner = course();
    lock(learner);
    write(learner, 'exercises/01-greet/src/greet.ts', 'export const a = 3;\n');
    write(learner, 'package.json', '{ "dependencies": { "left-pad": "1.3.0" } }');
    const found = findPristine(learner, undefined);
    expect(found.info).toEqual({ kind: 'lock', label: learner, version: '2.0.0+feedbeef' });
    expect(findTampering(learner, found)).toEqual({ changed: [], deleted: [], markers: [] });
  });

  it('refuses a release whose tests, runner or manifests differ from the lock, or that gained an unlocked test, naming every file', () => {
    const learner = course();
    lock(learner);
    write(learner, 'exercises/01-greet/tests/greet.test.ts', TEST.replace("it('works'", "it.skip('works'"));
    write(learner, 'runner/kit/guard.ts', '// mine\n');
    write(learner, 'exercises/01-greet/tests/extra.test.ts', TEST);
    rmSync(path.join(learner, 'tsconfig.json'));
    expect(() => findPristine(learner, undefined)).toThrow(
      'these 4 files differ from the course lock (course.lock.json), so this copy cannot grade itself: exercises/01-greet/tests/extra.test.ts, exercises/01-greet/tests/greet.test.ts, runner/kit/guard.ts, tsconfig.json;',
    );
  });

  it('grades the instructor\'s own repository (it holds the solutions) from its working tree, with a warning, and reports every skip marker it finds', () => {
    const learner = course({ 'exercises/01-greet/tests/greet.test.ts': TEST.replace("it('works'", "it.only('works'"), 'solutions/01-greet/greet.ts': 'export const a = 1;\n' });
    const found = findPristine(learner, undefined);
    expect(found.info.kind).toBe('working-tree');
    expect(found.warning).toMatch(/^graded with this repository's own course files/);
    expect(findTampering(learner, found)).toEqual({ changed: [], deleted: [], markers: [expect.objectContaining({ marker: '.only', line: 2 })] });
  });

  it('trusts the given files a manifest names like the tests: changed ones are reported, and a release whose given file differs from the lock is refused', () => {
    const manifest = JSON.stringify({ given: ['src/types.ts'] });
    const pristine = course({ 'exercises/01-greet/exercise.json': manifest, 'exercises/01-greet/src/types.ts': 'export type Name = string;\n' });
    const learner = course({ 'exercises/01-greet/exercise.json': manifest, 'exercises/01-greet/src/types.ts': 'export type Name = any;\n' });
    const found = findPristine(learner, pristine);
    expect(found.files.get('exercises/01-greet/src/types.ts')?.toString()).toBe('export type Name = string;\n');
    expect(found.files.has('exercises/01-greet/src/greet.ts'), 'the learner\'s own file is not the course\'s').toBe(false);
    expect(findTampering(learner, found).changed).toEqual(['exercises/01-greet/src/types.ts']);
    lock(pristine);
    write(pristine, 'exercises/01-greet/src/types.ts', 'export type Name = any;\n');
    expect(() => findPristine(pristine, undefined)).toThrow(/^this file differs from the course lock \(course\.lock\.json\), so this copy cannot grade itself: exercises\/01-greet\/src\/types\.ts;/);
  });

  it('does not count a missing runner as tampering: a submission may hold only its exercises', () => {
    const pristine = course();
    const learner = course();
    rmSync(path.join(learner, 'runner'), { recursive: true });
    expect(findTampering(learner, findPristine(learner, pristine))).toEqual({ changed: [], deleted: [], markers: [] });
  });

  it('refuses a --course folder that is not a course, in one line', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'katas-empty-'));
    made.push(empty);
    expect(() => findPristine(course(), empty)).toThrow(`--course ${empty}: not a copy of the course (no exercises/*/exercise.json inside)`);
    expect(() => findPristine(course(), path.join(empty, 'nope'))).toThrow('no such folder');
  });
});

/** A lock over the course's own files, as a release writes it. */
function lock(root: string): void {
  const files = Object.fromEntries([...readCourseFiles(root)].map(([file, content]) => [file, hashCourseFile(content)]));
  writeLock(root, { course: 'backend-katas', version: '2.0.0+feedbeef', edition: 'classroom', files });
}
