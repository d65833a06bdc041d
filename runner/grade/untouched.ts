// Exercises a learner left exactly as handed out. A class grades each such exercise once,
// on the pristine copy (the instructor's own code, not another learner's), and every
// learner whose folder is byte-for-byte that copy gets that result: the same code
// against the same tests, so the same grade, without running it thirty times.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST } from '../course/discover.js';
import type { GradedExercise } from './types.js';
import { NEVER_COPIED } from './workspace.js';

/** An exercise graded once on the pristine copy, and the fingerprint of that copy's folder. */
export interface UntouchedResult {
  fingerprint: string;
  exercise: GradedExercise;
}

/** By exercise folder (`01-routing`). */
export type UntouchedResults = Record<string, UntouchedResult>;

/**
 * What grading takes from an exercise folder (everything but its tests/ and manifest,
 * which come from the pristine copy), as one hash. Undefined when the folder is missing
 * or holds anything but folders and regular files: a link or a named pipe is never
 * "untouched", and reading a pipe would block the class.
 */
export function exerciseFingerprint(root: string, folder: string): string | undefined {
  const dir = path.join(root, 'exercises', folder);
  if (!existsSync(dir)) return undefined;
  const hash = createHash('sha256');
  const visit = (current: string, relative: string): boolean => {
    for (const name of readdirSync(current).sort()) {
      if (NEVER_COPIED.has(name) || (relative === '' && (name === 'tests' || name === MANIFEST))) continue;
      const full = path.join(current, name);
      const child = relative === '' ? name : `${relative}/${name}`;
      const stats = lstatSync(full);
      if (stats.isDirectory()) {
        hash.update(`dir ${child}\n`);
        if (!visit(full, child)) return false;
      } else if (stats.isFile()) hash.update(`file ${child} ${stats.size}\n`).update(readFileSync(full));
      else return false;
    }
    return true;
  };
  return visit(dir, '') ? hash.digest('hex') : undefined;
}

/** The folders of `course` this learner left as handed out, by the results given. */
export function untouchedFolders(learnerRoot: string, results: UntouchedResults, folders: readonly string[]): Set<string> {
  return new Set(folders.filter((folder) => results[folder] !== undefined && exerciseFingerprint(learnerRoot, folder) === results[folder]?.fingerprint));
}

export function writeUntouchedResults(file: string, results: UntouchedResults): void {
  writeFileSync(file, JSON.stringify(results));
}

/** Written by the class grader for its own grading processes: read as it was written. */
export function readUntouchedResults(file: string): UntouchedResults {
  return JSON.parse(readFileSync(file, 'utf8')) as UntouchedResults;
}
