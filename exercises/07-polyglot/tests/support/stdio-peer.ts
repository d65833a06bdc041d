// Drives a program over its stdin and stdout, as another program would: the program
// is started with execa as `node --import tsx <file>`, each message is one line, and
// every failure message shows what the program wrote to stderr.
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { patience } from '../../../../runner/kit/time.js';

/** The repository's root: `--import tsx` is resolved from there. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Starting `node --import tsx` takes 0.3 s on an idle machine and seconds on a busy one. */
const STARTUP_PATIENCE_MS = 10_000;
/** Once the program runs, a correct one answers in milliseconds: this is only reached when something is wrong. */
const PATIENCE_MS = 2_000;

export interface Ending {
  exitCode: number | undefined;
  /** Lines written after the last one read. */
  lines: string[];
}

export interface StdioPeer {
  /** Resolves once the program has answered a first call (true) or has failed to (false): start-up is not timed by the tests. */
  ready: () => Promise<boolean>;
  /** Writes raw text to the program's stdin (add the newline yourself). */
  write: (text: string) => void;
  /** Writes one line and resolves with the next line the program writes. */
  send: (line: string) => Promise<string>;
  nextLine: () => Promise<string>;
  /** Forgets lines nobody read and abandons waits nobody awaits (both left by an earlier failing test). */
  drop: () => void;
  /** Closes stdin and resolves once the program has exited, with what it wrote meanwhile. */
  end: () => Promise<Ending>;
  stop: () => Promise<void>;
  /** How the program was started, and its stderr so far, for failure messages. */
  describe: () => string;
}

export function startPeer(file: string): StdioPeer {
  const args = ['--import', 'tsx', file];
  const child: ResultPromise = execa(process.execPath, args, { cwd: repositoryRoot, buffer: false, reject: false, stdin: 'pipe', stdout: 'pipe', stderr: 'pipe' });
  const lines: string[] = [];
  const waiting: Array<() => void> = [];
  let stderr = '';
  let exited: number | undefined | null = null;
  let epoch = 0;

  const wake = () => waiting.splice(0).forEach((resolve) => resolve());
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // What the program wrote after its last newline. Once it writes, it has started: an
  // answer left without its newline fails after the answer's patience, not the start-up's.
  let unended = '';
  let unendedTooLong = false;
  /** Counts the times stdout was left in the middle of a line: a watch is for one of them. */
  let unendedRun = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    const continued = unended !== '' && !chunk.includes(0x0a);
    const text = unended + chunk.toString('latin1');
    unended = text.slice(text.lastIndexOf('\n') + 1);
    unendedTooLong &&= continued;
    if (continued) return;
    const run = ++unendedRun;
    if (unended === '') return;
    void patience(PATIENCE_MS).then(() => {
      if (run !== unendedRun) return;
      unendedTooLong = true;
      wake();
    });
  });
  createInterface({ input: child.stdout!, crlfDelay: Infinity }).on('line', (line) => {
    lines.push(line);
    wake();
  });
  const done = child.then((result) => {
    exited = result.exitCode;
    wake();
  });
  child.stdin?.on('error', () => undefined); // the program may die before reading everything

  const describe = () => {
    const shown = stderr.length > 1_500 ? `${stderr.slice(0, 1_500)}…` : stderr;
    const state = exited === null ? 'is still running' : exited === undefined ? 'was killed by a signal' : `has exited with code ${exited}`;
    return `  started as: node ${args.map((arg) => (arg.includes(' ') ? `'${arg}'` : arg)).join(' ')}  (in ${repositoryRoot})\n  the program ${state}; its stderr: ${shown.trim() === '' ? '(empty)' : `\n    ${shown.trim().replace(/\n/g, '\n    ')}`}`;
  };

  const nextLine = async (wait = PATIENCE_MS): Promise<string> => {
    const mine = epoch;
    let late = false;
    // The kit's patience: a busy machine extends it, a program that is stuck does not.
    void patience(wait).then(() => {
      late = true;
      wake();
    });
    while (lines.length === 0) {
      if (mine !== epoch) throw new Error('abandoned: a later test took over this program');
      if (exited !== null) throw new Error(`the program ended without writing the expected line\n${describe()}`);
      if (unendedTooLong) throw new Error(`the program wrote ${JSON.stringify(Buffer.from(unended.slice(0, 300), 'latin1').toString('utf8'))} on stdout and no newline after it within ${PATIENCE_MS} ms: end every answer with "\\n", since the other side reads one line per message\n${describe()}`);
      if (late) throw new Error(`no line came on stdout within ${wait} ms\n${describe()}`);
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    return lines.shift() as string;
  };

  const end = async (): Promise<Ending> => {
    child.stdin?.end();
    const late = patience(PATIENCE_MS).then(() => 'late' as const);
    const outcome = await Promise.race([done, late]);
    if (outcome === 'late') {
      child.kill('SIGKILL');
      throw new Error(`the program did not exit within ${PATIENCE_MS} ms after its stdin closed: when input ends, finish the answers in flight and let the process end\n${describe()}`);
    }
    return { exitCode: exited ?? undefined, lines: lines.splice(0) };
  };

  return {
    ready: async () => {
      child.stdin?.write('{"jsonrpc": "2.0", "method": "get_data", "id": "ready?"}\n');
      return nextLine(STARTUP_PATIENCE_MS).then(
        () => true,
        () => false, // the tests that follow report what is wrong, with the program's stderr
      );
    },
    write: (text) => void child.stdin?.write(text),
    send: async (line) => {
      child.stdin?.write(`${line}\n`);
      return nextLine();
    },
    nextLine: () => nextLine(),
    drop: () => {
      lines.splice(0);
      epoch++;
      wake();
    },
    end,
    stop: async () => {
      if (exited === null) child.kill('SIGKILL');
      await done;
    },
    describe,
  };
}
