// The course lock a release carries (course.lock.json): which course, which version,
// which edition, and a hash of every file of the course as it was handed out. Grading
// without the instructor's course checks the working tree against it; `reset --tests`
// restores only what matches it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'course.lock.json';

/**
 * classroom: no solutions, graded by the instructor's course; self-study: solutions behind
 * the pass gate; gradescope: the autograder folder Gradescope runs (the course under course/).
 */
export type Edition = 'classroom' | 'self-study' | 'gradescope';
export const EDITIONS: readonly Edition[] = ['classroom', 'self-study', 'gradescope'];

export interface CourseLock {
  course: string;
  /** The package's version and the commit it was released from, e.g. `0.1.0+24298b4c1a2b`. */
  version: string;
  edition: Edition;
  /** Every file of the course by path relative to the repository (forward slashes): its hash. */
  files: Record<string, string>;
}

export class LockError extends Error {}

/** Line endings are the checkout's business (git's autocrlf on Windows), not a change. */
export function hashCourseFile(content: Buffer): string {
  return createHash('sha256').update(content.toString('utf8').replace(/\r\n/g, '\n')).digest('hex');
}

export function readLock(root: string): CourseLock | undefined {
  const file = path.join(root, LOCK_FILE);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LockError(`${LOCK_FILE}: not valid JSON (${(error as Error).message})`);
  }
  if (!isLock(data)) throw new LockError(`${LOCK_FILE}: not a course lock (it needs course, version, edition and files)`);
  return data;
}

export function writeLock(root: string, lock: CourseLock): void {
  writeFileSync(path.join(root, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
}

function isLock(data: unknown): data is CourseLock {
  if (typeof data !== 'object' || data === null) return false;
  const lock = data as Record<string, unknown>;
  const files = lock.files;
  return (
    typeof lock.course === 'string' &&
    typeof lock.version === 'string' &&
    EDITIONS.includes(lock.edition as Edition) &&
    typeof files === 'object' &&
    files !== null &&
    Object.values(files).every((hash) => typeof hash === 'string')
  );
}
