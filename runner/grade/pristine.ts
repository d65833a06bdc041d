// Where the course files grading trusts come from, in order:
// - a folder the instructor names (--course: the instructor's course checked out at a
//   pinned ref, as the classroom workflow does): trusted as it is;
// - the learner's own working tree, checked against the release's course lock
//   (course.lock.json): used only when every file the grader runs matches its hash;
// - the instructor's own repository (it holds the solutions): its working tree is the course.
// Never the learner's history: a commit's date and parents are the learner's to forge.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../commands/types.js';
import { hashCourseFile, readLock, type CourseLock } from '../course/course-lock.js';
import { courseVersion } from '../course/course-version.js';
import { courseFileKindIn, exerciseFolders, readCourseFiles } from './course-files.js';
import { GRADE_MESSAGES, GRADE_USAGE_ERRORS } from './messages.js';
import type { PristineInfo } from './types.js';

export interface Pristine {
  info: PristineInfo;
  /** Course files by path relative to the repository, with forward slashes. */
  files: Map<string, Buffer>;
  warning?: string;
}

export function findPristine(learnerRoot: string, folder: string | undefined): Pristine {
  if (folder !== undefined) return fromFolder(folder);
  const lock = readLock(learnerRoot);
  if (lock) return fromLock(learnerRoot, lock);
  if (isInstructorsCourse(learnerRoot)) return fromWorkingTree(learnerRoot);
  throw new UsageError(GRADE_USAGE_ERRORS.noTrustedCourse(learnerRoot));
}

function fromFolder(folder: string): Pristine {
  const absolute = path.resolve(folder);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new UsageError(GRADE_USAGE_ERRORS.noSuchFolder('--course', folder));
  const files = readCourseFiles(absolute);
  if (exerciseFolders(files).length === 0) throw new UsageError(GRADE_USAGE_ERRORS.pristineNotACourse(folder));
  return { info: { kind: 'folder', label: absolute, version: courseVersion(absolute) }, files };
}

/**
 * The working tree's course files, each checked against the lock. A file the grader runs
 * that differs (or a locked one that is missing) leaves nothing to trust: refused, naming
 * every such file. This guards against mistakes on the learner's own machine; a grade
 * that counts comes from the instructor's course (--course), since the runner doing this
 * check is the learner's copy too.
 */
function fromLock(learnerRoot: string, lock: CourseLock): Pristine {
  const files = readCourseFiles(learnerRoot);
  const differing = Object.entries(lock.files)
    // Given files are known by the manifests, themselves checked here: a missing one is refused anyway.
    .filter(([file]) => trustedByGrading(files, file))
    .filter(([file, hash]) => {
      const content = files.get(file);
      return content === undefined || hashCourseFile(content) !== hash;
    })
    .map(([file]) => file);
  const unlocked = [...files.keys()].filter((file) => trustedByGrading(files, file) && lock.files[file] === undefined);
  const untrusted = [...differing, ...unlocked].sort();
  if (untrusted.length > 0) throw new UsageError(GRADE_USAGE_ERRORS.differsFromLock(untrusted));
  return { info: { kind: 'lock', label: learnerRoot, version: lock.version }, files };
}

function fromWorkingTree(root: string): Pristine {
  return { info: { kind: 'working-tree', label: root, version: courseVersion(root) }, files: readCourseFiles(root), warning: GRADE_MESSAGES.workingTreePristine };
}

/** What grading runs from the course: the runner, the configuration, the tests, manifests and given files (a learner may add a dependency). */
function trustedByGrading(files: ReadonlyMap<string, Buffer>, file: string): boolean {
  const kind = courseFileKindIn(files, file);
  return kind !== undefined && kind !== 'package';
}

/** The instructor's repository holds the reference solutions; an edition handed to learners never does without a lock. */
function isInstructorsCourse(root: string): boolean {
  const solutions = path.join(root, 'solutions');
  return existsSync(solutions) && readdirSync(solutions).length > 0;
}
