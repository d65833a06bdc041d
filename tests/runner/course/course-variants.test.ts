// The real course's file roles: every exercise's solution, assembled from them, is the
// starter's set of files with the learner's files taken from solutions/, and it is the
// very solution that solutions/ held before given files lost their second copy there.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { typecheck } from '../../../runner/check/typecheck.js';
import { loadCourse } from '../../../runner/course/discover.js';
import { assembleVariant, assembledVariant, sourceName, sourceNames } from '../../../runner/course/variants.js';
import { fileRoleProblems } from '../../../runner/selfcheck/structure.js';
import { repoRoot } from '../../support/course-copy.js';

/** The last commit whose solutions/ folders held every file of the starter, given ones included. */
const BEFORE_ONE_SOURCE = 'f4d26bce72a60d5be93d8f0d7ec4b9aeec5bd3f0';

const course = loadCourse(repoRoot);
const scratch = mkdtempSync(path.join(tmpdir(), 'katas-course-variants-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

async function git(args: string[]): Promise<{ exitCode: number | undefined; stdout: string }> {
  const result = await execa('git', args, { cwd: repoRoot, reject: false, stripFinalNewline: false, encoding: 'buffer' });
  return { exitCode: result.exitCode, stdout: Buffer.from(result.stdout).toString('latin1') };
}

describe.each(course.map((exercise) => [exercise.folder, exercise] as const))('%s', (folder, exercise) => {
  const assembled = assembleVariant(exercise, 'solution', path.join(scratch, folder));

  it('gives every file one role and one source (the self-check\'s layout check)', () => {
    expect(fileRoleProblems(exercise)).toEqual([]);
  });

  it('assembles a solution with exactly the starter\'s files: given ones from starter/, the learner\'s from solutions/', () => {
    expect(filesUnder(assembled)).toEqual(filesUnder(exercise.starterDir));
    expect(filesUnder(assembled)).toEqual([...sourceNames(exercise)].sort());
    for (const name of exercise.given.map(sourceName)) {
      expect(readFileSync(path.join(assembled, name)), `given ${name} is the starter's`).toEqual(readFileSync(path.join(exercise.starterDir, name)));
    }
    for (const name of exercise.files.map(sourceName)) {
      expect(readFileSync(path.join(assembled, name)), `learner file ${name} is the solution's`).toEqual(readFileSync(path.join(exercise.solutionDir, name)));
    }
  });

  it('assembles the solution byte for byte as solutions/ held it before given files had one source, wherever its source is unchanged since', async (context) => {
    const present = (await git(['cat-file', '-e', `${BEFORE_ONE_SOURCE}^{commit}`])).exitCode === 0;
    context.skip(!present, `commit ${BEFORE_ONE_SOURCE.slice(0, 7)} is not in this clone (a shallow clone?): nothing to compare with`);
    const listed = await git(['ls-tree', '-r', '--name-only', BEFORE_ONE_SOURCE, `solutions/${folder}/`]);
    const before = listed.stdout.split('\n').filter(Boolean).map((file) => file.slice(`solutions/${folder}/`.length)).sort();
    expect(filesUnder(assembled)).toEqual(before);
    for (const name of before) {
      // A source edited since (a fixed solution, a changed starter) is compared by the test above.
      const source = path.relative(repoRoot, exercise.given.map(sourceName).includes(name) ? path.join(exercise.starterDir, name) : path.join(exercise.solutionDir, name));
      if ((await git(['diff', '--quiet', BEFORE_ONE_SOURCE, '--', source.split(path.sep).join('/')])).exitCode !== 0) continue;
      const old = await git(['show', `${BEFORE_ONE_SOURCE}:solutions/${folder}/${name}`]);
      expect(readFileSync(path.join(assembled, name)).toString('latin1'), `${name} as it was`).toBe(old.stdout);
    }
  });
});

describe('the assembled solutions', () => {
  it('compile with the repository\'s settings, given files beside them (the root tsconfig leaves solutions/ out)', async () => {
    const files = course.flatMap((exercise) => sourceNames(exercise).map((name) => path.join(assembledVariant(repoRoot, exercise, 'solution'), name)));
    expect(await typecheck(repoRoot, 'course-variants', files)).toEqual([]);
  });
});
