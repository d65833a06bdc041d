// Which files belong to the course rather than to the learner: the tests, the manifests,
// the runner and the configuration. Grading takes these from the pristine copy; the
// learner's versions are only compared with them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type CourseFileKind = 'test' | 'manifest' | 'runner' | 'config' | 'package';

const EXERCISE_FILE = /^exercises\/([^/]+)\/(exercise\.json|tests\/.+)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.katas', '.vite']);

/** The kind of a course file by its path relative to the repository (forward slashes), or undefined for a learner's file. */
export function courseFileKind(relative: string): CourseFileKind | undefined {
  if (relative.startsWith('runner/')) return 'runner';
  if (relative === 'tsconfig.json') return 'config';
  // Learners may add a dependency: package.json is replaced in the grading copy, never reported.
  if (relative === 'package.json') return 'package';
  const match = EXERCISE_FILE.exec(relative);
  if (!match) return undefined;
  return match[2] === 'exercise.json' ? 'manifest' : 'test';
}

/** The exercise folder a course file belongs to (`01-routing`), if any. */
export function exerciseFolderOf(relative: string): string | undefined {
  return EXERCISE_FILE.exec(relative)?.[1];
}

/** Every course file under a folder that holds a copy of the course, by relative path. */
export function readCourseFiles(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (dir: string, relative: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && mayHoldCourseFiles(child)) visit(full, child);
      else if (entry.isFile() && courseFileKind(child)) files.set(child, readFileSync(full));
    }
  };
  if (existsSync(root)) visit(root, '');
  return files;
}

/** Prunes the walk: learners' src/ folders and the solutions are never course files. */
function mayHoldCourseFiles(relative: string): boolean {
  const parts = relative.split('/');
  if (parts[0] === 'runner') return true;
  if (parts[0] !== 'exercises') return false;
  return parts.length <= 2 || parts[2] === 'tests';
}

/** The exercise folders a set of course files has a manifest for. */
export function exerciseFolders(files: ReadonlyMap<string, Buffer>): string[] {
  return [...files.keys()].filter((file) => courseFileKind(file) === 'manifest').map((file) => exerciseFolderOf(file) ?? '').sort();
}
