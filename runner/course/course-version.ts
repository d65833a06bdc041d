// The version of a copy of the course that reports record: the package's version and,
// in a git checkout, the commit (with "-dirty" when the course's own files were edited
// since), e.g. `0.1.0+24298b4c1a2b`. A release's lock carries the version it came from.
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { readLock } from './course-lock.js';

export function courseVersion(root: string): string {
  const lock = readLock(root);
  if (lock) return lock.version;
  const version = packageVersion(root);
  const commit = gitCommit(root);
  return commit === undefined ? version : `${version}+${commit}`;
}

function packageVersion(root: string): string {
  try {
    const data = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof data.version === 'string' ? data.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** What a git command prints in `root`, trimmed; undefined when it fails or prints nothing. */
export function gitOutput(root: string, ...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The checkout's commit, when `root` is the top of a git work tree. */
function gitCommit(root: string): string | undefined {
  const git = (...args: string[]) => gitOutput(root, ...args);
  const top = git('rev-parse', '--show-toplevel');
  // A copy inside another repository (a learner's folder in the instructor's) has no commit of its own.
  if (top === undefined || realpathSync(top) !== realpathSync(root)) return undefined;
  const commit = git('rev-parse', '--short=12', 'HEAD');
  if (commit === undefined) return undefined;
  const dirty = git('status', '--porcelain', '--', 'runner', 'exercises/*/tests', 'exercises/*/exercise.json', 'tsconfig.json');
  return dirty ? `${commit}-dirty` : commit;
}
