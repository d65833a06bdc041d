// A temporary copy of the course, set up as a learner's clone would be, for the CLI's
// end-to-end tests: the real runner and configs, some exercises (from this repository
// or from the fixture course), and the repository's installed node_modules linked in.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { makeCourseCopy } from '../../runner/course/course-copy.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtureRoot = path.join(repoRoot, 'tests', 'fixtures', 'course');

export interface CourseCopy {
  root: string;
  /** Runs the runner as `npm run <command>` does, without npm's own start-up cost. */
  run: (args: string[], options?: { timeoutMs?: number; env?: Record<string, string> }) => Promise<CliResult>;
  /** Runs a real npm script, exactly as a learner types it. */
  npm: (args: string[]) => Promise<CliResult>;
  write: (file: string, text: string) => void;
  read: (file: string) => string;
  remove: () => void;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** `from` is the repository or the fixture course; `folders` the exercise folders to copy. */
export function copyCourse(from: string, folders: readonly string[]): CourseCopy {
  const root = makeCourseCopy(repoRoot, from, folders);
  const run = async (args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}) =>
    timed(() => execa(process.execPath, [path.join(root, 'runner', 'bin.mjs'), ...args], { cwd: root, reject: false, timeout: options.timeoutMs ?? 60_000, env: { NO_COLOR: '1', ...options.env }, stdin: 'ignore' }));
  const npm = async (args: string[]) =>
    timed(() => execa(process.execPath, [npmCli(), ...args], { cwd: root, reject: false, timeout: 60_000, env: { NO_COLOR: '1' }, stdin: 'ignore' }));
  return {
    root,
    run,
    npm,
    write: (file, text) => writeFileSync(path.join(root, file), text),
    read: (file) => readFileSync(path.join(root, file), 'utf8'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

async function timed(start: () => Promise<{ exitCode?: number; stdout: string; stderr: string }>): Promise<CliResult> {
  const started = Date.now();
  const result = await start();
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, durationMs: Date.now() - started };
}

function npmCli(): string {
  const fromEnv = process.env.npm_execpath;
  if (fromEnv && fromEnv.endsWith('.js')) return fromEnv;
  // npm ships next to node on every platform.
  const beside = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  return existsSync(beside) ? beside : path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js');
}
