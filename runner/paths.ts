// Where things live in the repository, and how paths are shown to a person.
import path from 'node:path';

/**
 * The same functions by another system's rules (path.win32, path.posix), so that the
 * tests on one system can show what a learner on the other sees.
 */
export function pathsFor(rules: path.PlatformPath) {
  return {
    cacheDir: (root: string, ...parts: string[]): string => rules.join(root, '.katas', 'cache', ...parts),
    progressFile: (root: string): string => rules.join(root, '.katas', 'progress.json'),
    relativeToRoot(root: string, file: string): string {
      // Windows: vitest names modules with forward slashes (C:/Users/...) and the runner
      // with backslashes; path.win32 reads both, and drive letters in either case.
      const relative = rules.relative(root, file);
      const outside = relative === '..' || relative.startsWith(`..${rules.sep}`) || rules.isAbsolute(relative);
      return (outside ? file : relative).split(rules.sep).join('/');
    },
  };
}

const native = pathsFor(path);

/**
 * Generated files (typecheck projects, mutants, traces) live in the repository's own
 * .katas/ folder: two copies of the course never share them, and code generated there
 * still finds the packages in the repository's node_modules.
 */
export const cacheDir = native.cacheDir;

/** The learner's progress: safe to delete (all of .katas/ is), it is rebuilt by the next check. */
export const progressFile = native.progressFile;

/**
 * A path as the learner sees it: relative to the repository, forward slashes on every
 * system. A file outside the repository keeps its full path, with forward slashes too.
 */
export const relativeToRoot = native.relativeToRoot;
