// `npm run reset <exercise> -- --tests`: the course's test files back from git, for a
// learner who deleted or edited them. HEAD's copy first; a file missing there (deleted
// in a commit) comes from the repository's first commit, as the course handed it out.
// In an edition with a course lock, only a copy whose hash the lock holds comes back:
// history is the learner's to rewrite, the lock is what the course handed out.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { readCommitFiles, rootCommit } from '../grade/git-tree.js';
import { relativeToRoot } from '../paths.js';
import { hashCourseFile, readLock } from './course-lock.js';
import type { Exercise } from './exercise.js';

export class NoHistoryError extends Error {}

export const NO_HISTORY = 'the course\'s tests come back from git, and this folder has no git history: clone the course again (or copy its exercises/*/tests/ folders back)';

/** Writes back every test file of the exercises; returns their paths as the learner sees them. */
export async function restoreTests(root: string, exercises: readonly Exercise[]): Promise<string[]> {
  const wanted = new Set(exercises.flatMap((exercise) => exercise.testFiles.map((file) => relativeToRoot(root, file))));
  const first = await rootCommit(root);
  if (first === undefined) throw new NoHistoryError(NO_HISTORY);
  const head = (await execa('git', ['rev-parse', 'HEAD'], { cwd: root, reject: false })).stdout.trim();
  const lock = readLock(root);
  const handedOut = (file: string, content: Buffer): boolean => lock === undefined || lock.files[file] === hashCourseFile(content);
  const found = new Map<string, Buffer>();
  for (const commit of [head, first].filter(Boolean)) {
    const files = await readCommitFiles(root, commit, (file) => wanted.has(file) && !found.has(file));
    for (const [file, content] of files) if (handedOut(file, content)) found.set(file, content);
  }
  for (const [file, content] of found) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return [...found.keys()].sort();
}
