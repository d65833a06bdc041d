// Runs an exercise's try entry with tsx, starts it again whenever a file in the learner's
// src/ changes, and ends it (and everything it started) on Ctrl-C.
//
// Why neither `tsx watch` nor `node --watch`: with a save made as vim makes it (a new file
// renamed over the old one), Node 20's --watch restarted once and then missed every later
// save, its watch staying on the replaced file; and tsx watch restarts on any input on
// stdin (its "press Return" key), so each JSON-RPC line typed to exercise 07 restarted the
// server instead of reaching it. `npm run watch`'s folder watcher (watch/file-watcher.ts)
// sees rename-saves, and the program here gets stdin to itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { BOUNDARY_VARIABLE, reap } from '../sandbox/reap.js';
import { watchFolders } from '../watch/file-watcher.js';
import { relativeToRoot } from '../paths.js';

export interface TryOptions {
  root: string;
  /** The entry to run, absolute. */
  entry: string;
  /** The learner's folder: a change in it starts the entry again. */
  srcDir: string;
  port: number;
  /** Where the entry may keep data between runs (a database), given to it as KATAS_TRY_DATA. */
  dataDir: string;
  out: (text: string) => void;
}

export const RUN_TRY_MESSAGES = {
  restarting: (files: string) => `\n— ${files} changed: starting again —\n`,
  exited: (code: number | null) => `— it ended (${code === null ? 'stopped by a signal' : `exit code ${code}`}); save a file in src/ to start it again, Ctrl-C to quit —\n`,
} as const;

/** How long a program gets to end on SIGTERM before it and what it started are killed. */
const STOP_GRACE_MS = 2_000;

/** Resolves with the exit code once Ctrl-C (SIGINT) or SIGTERM has ended everything. */
export function runTry(options: TryOptions): Promise<number> {
  mkdirSync(options.dataDir, { recursive: true });
  // Every process of this run carries the marker, so that none outlives it, whatever it started.
  const marker = `try-${process.pid}-${randomBytes(4).toString('hex')}`;
  let child = start(options, marker);
  let queue = Promise.resolve();
  const stopWatching = watchFolders([options.srcDir], (files) => {
    queue = queue.then(async () => {
      options.out(RUN_TRY_MESSAGES.restarting(files.map((file) => relativeToRoot(options.root, file)).join(', ')));
      await stop(child, marker);
      child = start(options, marker);
    });
  });
  return new Promise((resolve) => {
    const quit = () => {
      process.off('SIGINT', quit).off('SIGTERM', quit);
      stopWatching();
      void queue.then(() => stop(child, marker)).then(() => resolve(0));
    };
    process.on('SIGINT', quit).on('SIGTERM', quit);
  });
}

function start(options: TryOptions, marker: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry], {
    cwd: options.root,
    stdio: 'inherit',
    env: { ...process.env, PORT: String(options.port), KATAS_TRY_DATA: options.dataDir, [BOUNDARY_VARIABLE]: marker },
  });
  child.on('exit', (code, signal) => {
    if (signal === null) options.out(RUN_TRY_MESSAGES.exited(code));
  });
  return child;
}

/** SIGTERM, a grace to end, then every process of the run is killed. */
async function stop(child: ChildProcess, marker: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
  }
  reap(child.pid, marker);
}
