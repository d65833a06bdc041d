// Finds processes by a variable in their environment: every process a run starts inherits
// it, detached ones included, whatever its command line says (Linux: /proc; elsewhere, ps).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Processes other than this one whose environment holds `name=value`, as "pid command". */
export function leftovers(name: string, value: string): string[] {
  const needle = `${name}=${value}`;
  if (process.platform !== 'linux') return byPs(needle);
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(needle)) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()}`);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

function byPs(needle: string): string[] {
  const listing = execFileSync('ps', ['-AEww', '-o', 'pid=,command='], { encoding: 'utf8' });
  return listing.split('\n').filter((line) => line.includes(` ${needle}`)).map((line) => line.trim().split(' ').slice(0, 2).join(' '));
}
