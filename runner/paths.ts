// Where things live in the repository, and how paths are shown to a person.
import path from 'node:path';

/** Generated files (compiled runner, typecheck projects, mutants) live with the dependencies. */
export function cacheDir(root: string, ...parts: string[]): string {
  return path.join(root, 'node_modules', '.cache', 'backend-katas', ...parts);
}

/** The learner's progress: safe to delete, it is rebuilt by the next check. */
export function progressFile(root: string): string {
  return path.join(root, '.katas', 'progress.json');
}

/** A path as the learner sees it: relative to the repository, forward slashes on every system. */
export function relativeToRoot(root: string, file: string): string {
  const relative = path.relative(root, file);
  return (relative.startsWith('..') ? file : relative).split(path.sep).join('/');
}
