// Ends every process a test run started. The run's own process leads a process group, so
// its children (and theirs) are ended with the group; a child that left the group (a
// detached spawn, setsid) still carries the run's marker in its environment, which is how
// it is found (Linux: /proc; macOS: ps -E). A child that both leaves the group and clears
// its environment is out of reach on macOS; on Windows the process tree is ended instead.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The environment variable every process of one test run inherits. */
export const BOUNDARY_VARIABLE = 'KATAS_BOUNDARY';

/** The variables a test file's thread sets, so that a process it left behind can be traced to it. */
export const TEST_FILE_VARIABLE = 'KATAS_TEST_FILE';
export const TARGET_VARIABLE = 'KATAS_TARGET';

export interface Stray {
  pid: number;
  /** Its command line, where it can be read. */
  command: string;
  /** The test file whose thread started it, and the run's name for the copy of the code it tested, where they can be read. */
  testFile?: string;
  target?: string;
  /** Its parent process, where it can be read. */
  parent?: number;
}

/** Kills the run's process group and every process that carries its marker; returns what it killed. */
export function reap(leader: number | undefined, marker: string, keep: readonly number[] = []): Stray[] {
  if (process.platform === 'win32') return leader === undefined ? [] : endTree(leader).map((pid) => ({ pid, command: '' }));
  const marked = markedProcesses(marker)
    .filter((pid) => pid !== process.pid && !keep.includes(pid))
    .map(describeProcess);
  if (leader !== undefined && !keep.includes(leader)) signal(-leader);
  for (const { pid } of marked) signal(pid);
  return marked;
}

/** What /proc tells of a process: its command line, its parent, and the test file and target that started it. */
function describeProcess(pid: number): Stray {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const read = (name: string) => environment.find((entry) => entry.startsWith(`${name}=`))?.slice(name.length + 1);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const testFile = read(TEST_FILE_VARIABLE);
    const target = read(TARGET_VARIABLE);
    return { pid, command, parent, ...(testFile ? { testFile } : {}), ...(target ? { target } : {}) };
  } catch {
    return { pid, command: '' };
  }
}

/** Processes whose environment holds the marker, excluding the calling process. */
export function markedProcesses(marker: string): number[] {
  const needle = `${BOUNDARY_VARIABLE}=${marker}`;
  if (process.platform === 'linux') return byProc(needle);
  if (process.platform === 'darwin') return byPs(needle);
  return [];
}

function byProc(needle: string): number[] {
  const found: number[] = [];
  for (const name of safeList('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(needle)) found.push(Number(name));
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return found;
}

function byPs(needle: string): number[] {
  try {
    const listing = execFileSync('ps', ['-AEww', '-o', 'pid=,command='], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return listing
      .split('\n')
      .filter((line) => line.includes(` ${needle}`))
      .map((line) => Number.parseInt(line.trim(), 10))
      .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
  } catch {
    return [];
  }
}

function endTree(pid: number): number[] {
  try {
    execFileSync('taskkill', ['/T', '/F', '/PID', String(pid)], { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
  return [pid];
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
