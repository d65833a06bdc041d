// Where the pristine course comes from (a folder, the first commit, the working tree)
// and what the learner changed in it, on small repositories made on disk.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { courseFileKind } from '../../../runner/grade/course-files.js';
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
  it('takes the course files from a folder given with --pristine, and reports the learner\'s edited, skipped and deleted tests', async () => {
    const pristine = course({ 'exercises/01-greet/tests/more.test.ts': TEST });
    const learner = course({ 'exercises/01-greet/tests/greet.test.ts': TEST.replace("it('works'", "it.skip('works'"), 'exercises/01-greet/src/greet.ts': 'export const a = 2;\n', 'tsconfig.json': '{ "strict": false }' });
    const found = await findPristine(learner, pristine);
    expect(found.info).toEqual({ kind: 'folder', label: pristine });
    expect(found.warning).toBeUndefined();
    expect(findTampering(learner, found)).toEqual({
      changed: ['exercises/01-greet/tests/greet.test.ts', 'tsconfig.json'],
      deleted: ['exercises/01-greet/tests/more.test.ts'],
      markers: [{ file: 'exercises/01-greet/tests/greet.test.ts', line: 2, marker: '.skip', source: "it.skip('works', () => {});" }],
    });
  });

  it('takes them from the first commit when there is no folder', async () => {
    const learner = course();
    await commitAll(learner, 'template');
    write(learner, 'exercises/01-greet/tests/greet.test.ts', `${TEST}// mine\n`);
    const found = await findPristine(learner, undefined);
    expect(found.info.kind).toBe('git');
    expect(findTampering(learner, found).changed).toEqual(['exercises/01-greet/tests/greet.test.ts']);
  });

  it('falls back to the working tree with a warning, and then reports every skip marker it finds', async () => {
    const learner = course({ 'exercises/01-greet/tests/greet.test.ts': TEST.replace("it('works'", "it.only('works'") });
    const found = await findPristine(learner, undefined);
    expect(found.info.kind).toBe('working-tree');
    expect(found.warning).toMatch(/^no pristine copy of the course was found/);
    expect(findTampering(learner, found)).toEqual({ changed: [], deleted: [], markers: [expect.objectContaining({ marker: '.only', line: 2 })] });
  });

  it('does not count a missing runner as tampering: a submission may hold only its exercises', async () => {
    const pristine = course();
    const learner = course();
    rmSync(path.join(learner, 'runner'), { recursive: true });
    expect(findTampering(learner, await findPristine(learner, pristine))).toEqual({ changed: [], deleted: [], markers: [] });
  });

  it('refuses a --pristine folder that is not a course, in one line', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'katas-empty-'));
    made.push(empty);
    await expect(findPristine(course(), empty)).rejects.toThrow(`--pristine ${empty}: not a copy of the course (no exercises/*/exercise.json inside)`);
    await expect(findPristine(course(), path.join(empty, 'nope'))).rejects.toThrow('no such folder');
  });
});
