// Before a class is graded: the exercises that two or more learners left exactly as
// handed out are graded once, here, on the pristine copy, and written to a file every
// learner's grading process reads. A learner's own code is never graded for another:
// what is shared is the result of the instructor's code.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST } from '../../course/discover.js';
import { gradeRepository } from '../grade-repository.js';
import { exerciseFingerprint, writeUntouchedResults, type UntouchedResults } from '../untouched.js';

export interface UntouchedOnceOptions {
  graderRoot: string;
  pristineDir: string;
  hiddenDir?: string;
  /** Each learner's checkout. */
  learnerRoots: readonly string[];
  /** Where to write the results for the grading processes. */
  file: string;
}

export interface UntouchedOnce {
  /** The results file, when anything was graded once. */
  file?: string;
  folders: string[];
  /** Learner exercises that will take the shared result. */
  reused: number;
}

/** Only an exercise that at least this many learners left untouched is worth grading on its own first. */
const WORTH_IT = 2;

export async function gradeUntouchedOnce(options: UntouchedOnceOptions): Promise<UntouchedOnce> {
  const fingerprints = new Map<string, string>();
  let reused = 0;
  for (const folder of pristineFolders(options.pristineDir)) {
    const fingerprint = exerciseFingerprint(options.pristineDir, folder);
    if (fingerprint === undefined) continue;
    const learners = options.learnerRoots.filter((root) => exerciseFingerprint(root, folder) === fingerprint).length;
    if (learners < WORTH_IT) continue;
    fingerprints.set(folder, fingerprint);
    reused += learners;
  }
  const folders = [...fingerprints.keys()];
  if (folders.length === 0) return { folders, reused: 0 };
  const report = await gradeRepository({
    learnerRoot: options.pristineDir,
    graderRoot: options.graderRoot,
    pristineDir: options.pristineDir,
    ...(options.hiddenDir ? { hiddenDir: options.hiddenDir } : {}),
    only: folders,
  });
  const results: UntouchedResults = {};
  for (const exercise of report.exercises) {
    const fingerprint = fingerprints.get(exercise.folder);
    if (fingerprint !== undefined) results[exercise.folder] = { fingerprint, exercise };
  }
  writeUntouchedResults(options.file, results);
  return { file: options.file, folders, reused };
}

function pristineFolders(pristineDir: string): string[] {
  const dir = path.join(pristineDir, 'exercises');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((folder) => existsSync(path.join(dir, folder, MANIFEST)))
    .sort();
}
