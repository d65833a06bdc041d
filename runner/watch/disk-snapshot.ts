// What an exercise's files hold on disk, by content: watch mode compares it with what
// its warm engines hold before every run, so a verdict always belongs to the files on
// disk, whichever events the file system sent or lost.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from '../course/exercise.js';

/** Absolute path → hash of its content. */
export type DiskSnapshot = ReadonlyMap<string, string>;

/** Files a test can import: code and data, not editors' backups or temporary files. */
const READ = /^[^.].*\.(?:[cm]?[jt]sx?|json)$/;

/** Every file under the learner's src/ (a helper module they added too) and the exercise's test files. */
export function takeSnapshot(exercise: Exercise): DiskSnapshot {
  const files = [...filesUnder(exercise.srcDir), ...exercise.testFiles];
  return new Map(files.map((file) => [file, hashOf(file)] as const).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Files added, removed or changed between two snapshots. */
export function changedFiles(before: DiskSnapshot, after: DiskSnapshot): string[] {
  const changed = [...after].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file);
  const removed = [...before.keys()].filter((file) => !after.has(file));
  return [...changed, ...removed];
}

export function sameSnapshot(a: DiskSnapshot, b: DiskSnapshot): boolean {
  return changedFiles(a, b).length === 0;
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  try {
    return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : filesUnder(full);
      return READ.test(entry.name) ? [full] : [];
    });
  } catch {
    return [];
  }
}

function hashOf(file: string): string | undefined {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    // Removed between listing and reading: absent, as the next look will find it.
    return undefined;
  }
}
