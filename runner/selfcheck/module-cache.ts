// The modules vitest kept compiled for the self-check's copies (runner/check/test-run.ts
// keptTransforms) are never removed by vitest, except when the lockfile changes: each edit
// of an exercise adds the new versions of its copies' modules (the course's copies hold
// about 6,000 modules, 165 MB with their source maps). Past a bound the folder is emptied
// before a run, which then compiles what it loads once more.
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { moduleCacheDir } from '../check/test-run.js';

/** All the copies' modules, and as much again in edits, before the folder is emptied. */
export const MODULE_CACHE_BOUND_BYTES = 300 * 1024 * 1024;

/** Empties the folder when it holds more than `bound` bytes; returns whether it did. */
export function boundModuleCache(root: string, bound = MODULE_CACHE_BOUND_BYTES): boolean {
  const dir = moduleCacheDir(root);
  if (sizeOf(dir) <= bound) return false;
  rmSync(dir, { recursive: true, force: true });
  return true;
}

function sizeOf(dir: string): number {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  return entries.reduce((sum, entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sum + sizeOf(full);
    try {
      return sum + statSync(full).size;
    } catch {
      return sum;
    }
  }, 0);
}
