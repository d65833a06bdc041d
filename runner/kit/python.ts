// Python 3.8 or later, for the tests that check a program from Python's side. Started
// through a version manager's shim (pyenv), each `python3` first runs several shell
// scripts: half a second of CPU, and more than a second on a busy machine, while the
// test waits. So the interpreter is looked up once per test thread, and the tests start it
// by its own path. The answer lives on globalThis: vitest evaluates the kit afresh for
// each file, and in the self-check one thread runs file after file.
import { execa } from 'execa';

const FIND = 'import sys; print(sys.executable) if sys.version_info >= (3, 8) else sys.exit(1)';

const memo = ((globalThis as { [key: symbol]: { python3?: Promise<string | undefined> } })[Symbol.for('katas.python3')] ??= {});

/** The command that starts a python3 of version 3.8 or later, or undefined when this machine has none. */
export function python3(): Promise<string | undefined> {
  memo.python3 ??= find();
  return memo.python3;
}

async function find(): Promise<string | undefined> {
  const run = await execa('python3', ['-c', FIND], { reject: false, stdin: 'ignore' });
  if (run.failed) return undefined;
  // An embedded interpreter may not know its own path: the command that found it still works.
  return String(run.stdout).trim() || 'python3';
}
