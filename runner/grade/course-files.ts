// Which files belong to the course rather than to the learner: the tests, the manifests,
// the runner, the configuration, and the given files each manifest names (code the
// learner reads but does not edit). Grading takes these from the pristine copy; the
// learner's versions are only compared with them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type CourseFileKind = 'test' | 'manifest' | 'runner' | 'config' | 'package' | 'given';

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

/** A file's kind among a set of course files: by its path, or as a given file its exercise's manifest names. */
export function courseFileKindIn(files: ReadonlyMap<string, Buffer>, relative: string): CourseFileKind | undefined {
  return courseFileKind(relative) ?? (givenFiles(files).includes(relative) ? 'given' : undefined);
}

/** The given files the manifests among `files` name, relative to the repository. */
export function givenFiles(files: ReadonlyMap<string, Buffer>): string[] {
  return exerciseFolders(files).flatMap((folder) => {
    let given: unknown;
    try {
      given = (JSON.parse(files.get(`exercises/${folder}/exercise.json`)?.toString('utf8') ?? '{}') as { given?: unknown }).given;
    } catch {
      return []; // a broken manifest is reported when the exercise loads
    }
    return Array.isArray(given) ? given.filter((file): file is string => typeof file === 'string').map((file) => `exercises/${folder}/${file}`) : [];
  });
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
  for (const file of givenFiles(files)) {
    const full = path.join(root, ...file.split('/'));
    if (existsSync(full)) files.set(file, readFileSync(full));
  }
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
