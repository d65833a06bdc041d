// Where the untouched course files come from, in order: a folder the instructor names
// (--pristine, e.g. the template repository checked out by the Classroom workflow), the
// repository's first commit (in GitHub Classroom, the template's), else the working tree.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../commands/types.js';
import { courseFileKind, exerciseFolders, readCourseFiles } from './course-files.js';
import { readCommitFiles, rootCommit } from './git-tree.js';
import { GRADE_MESSAGES, GRADE_USAGE_ERRORS } from './messages.js';
import type { PristineInfo } from './types.js';

export interface Pristine {
  info: PristineInfo;
  /** Course files by path relative to the repository, with forward slashes. */
  files: Map<string, Buffer>;
  warning?: string;
}

export async function findPristine(learnerRoot: string, folder: string | undefined): Promise<Pristine> {
  if (folder !== undefined) return fromFolder(folder);
  const commit = await rootCommit(learnerRoot);
  if (commit !== undefined) {
    const files = await readCommitFiles(learnerRoot, commit, (file) => courseFileKind(file) !== undefined);
    if (exerciseFolders(files).length > 0) return { info: { kind: 'git', label: commit }, files };
    return { ...fromWorkingTree(learnerRoot), warning: GRADE_MESSAGES.gitWithoutCourse(commit.slice(0, 12)) };
  }
  return { ...fromWorkingTree(learnerRoot), warning: GRADE_MESSAGES.workingTreePristine };
}

function fromFolder(folder: string): Pristine {
  const absolute = path.resolve(folder);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new UsageError(GRADE_USAGE_ERRORS.noSuchFolder('--pristine', folder));
  const files = readCourseFiles(absolute);
  if (exerciseFolders(files).length === 0) throw new UsageError(GRADE_USAGE_ERRORS.pristineNotACourse(folder));
  return { info: { kind: 'folder', label: absolute }, files };
}

function fromWorkingTree(learnerRoot: string): Pristine {
  return { info: { kind: 'working-tree', label: learnerRoot }, files: readCourseFiles(learnerRoot) };
}
