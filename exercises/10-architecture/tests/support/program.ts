// Starts the learner's service as its own process, `node --import tsx <file>`, the way
// a container platform runs it, and watches what it writes and how it ends.
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';

/** The repository's root: `--import tsx` is resolved from there. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface Ending {
  code: number | undefined;
  signal: string | undefined;
}

export interface Program {
  /** The next stdout line matching `pattern`, or undefined when none came within `ms` or the program ended. */
  waitForLine: (pattern: RegExp, ms: number) => Promise<string | undefined>;
  /** Resolves when the program has ended. */
  ended: Promise<Ending>;
  hasEnded: () => boolean;
  signal: (name: NodeJS.Signals) => void;
  /** Kills the program if it still runs and waits for it. */
  stop: () => Promise<void>;
  /** How it was started, whether it still runs, and its stderr, for failure messages. */
  describe: () => string;
}

export function startProgram(file: string, env: Record<string, string>): Program {
  const child: ResultPromise = execa(process.execPath, ['--import', 'tsx', file], {
    cwd: repositoryRoot,
    env,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    // Our own SIGTERM is the test; execa must not follow it with a SIGKILL of its own.
    forceKillAfterDelay: false,
  });
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  let stderr = '';
  let ending: Ending | undefined;
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout!, crlfDelay: Infinity }).on('line', (line) => {
    lines.push(line);
    wake?.();
  });
  const ended = child.then((result) => {
    ending = { code: result.exitCode, signal: result.signal };
    wake?.();
    return ending;
  });

  const waitForLine = async (pattern: RegExp, ms: number): Promise<string | undefined> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = lines.findIndex((line) => pattern.test(line));
      if (index >= 0) return lines.splice(0, index + 1).at(-1);
      const left = deadline - Date.now();
      if (ending !== undefined || left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  const describe = () => {
    const state = ending === undefined ? 'is still running' : ending.signal ? `was killed by ${ending.signal}` : `exited with code ${ending.code}`;
    const errors = stderr.trim() === '' ? '(empty)' : `\n    ${(stderr.length > 1_500 ? `${stderr.slice(0, 1_500)}…` : stderr).trim().replace(/\n/g, '\n    ')}`;
    return `  started as: node --import tsx ${path.relative(repositoryRoot, file)}  (in ${repositoryRoot})\n  the program ${state}; its stderr: ${errors}`;
  };

  return {
    waitForLine,
    ended,
    hasEnded: () => ending !== undefined,
    signal: (name) => void child.kill(name),
    stop: async () => {
      if (ending === undefined) child.kill('SIGKILL');
      await ended;
    },
    describe,
  };
}
