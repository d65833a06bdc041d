// Where things live in the repository, and how paths are shown to a person.
import path from 'node:path';

/**
 * Generated files (typecheck projects, mutants, traces) live in the repository's own
 * .katas/ folder: two copies of the course never share them, and code generated there
 * still finds the packages in the repository's node_modules.
 */
export function cacheDir(root: string, ...parts: string[]): string {
  return path.join(root, '.katas', 'cache', ...parts);
}

/** The learner's progress: safe to delete (all of .katas/ is), it is rebuilt by the next check. */
export function progressFile(root: string): string {
  return path.join(root, '.katas', 'progress.json');
}

/** A path as the learner sees it: relative to the repository, forward slashes on every system. */
export function relativeToRoot(root: string, file: string): string {
  const relative = path.relative(root, file);
  return (relative.startsWith('..') ? file : relative).split(path.sep).join('/');
}
