// A record the self-check keeps between runs in the course's cache (durations of test
// files, which file caught each mutant). Only an order depends on one, never a verdict,
// so a missing or damaged file reads as an empty record.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../paths.js';

export interface CachedRecord<T> {
  read: (root: string) => Record<string, T>;
  /** Keeps the entries given, and the others as they were. */
  write: (root: string, entries: Record<string, T>) => void;
}

export function cachedRecord<T>(name: string, isValue: (value: unknown) => value is T): CachedRecord<T> {
  const fileOf = (root: string) => cacheDir(root, 'selfcheck', `${name}.json`);
  const isRecord = (data: unknown): data is Record<string, T> =>
    typeof data === 'object' && data !== null && !Array.isArray(data) && Object.values(data).every(isValue);
  const read = (root: string): Record<string, T> => {
    try {
      const data: unknown = JSON.parse(readFileSync(fileOf(root), 'utf8'));
      return isRecord(data) ? data : {};
    } catch {
      return {};
    }
  };
  const write = (root: string, entries: Record<string, T>): void => {
    const file = fileOf(root);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...read(root), ...entries }, null, 2)}\n`);
  };
  return { read, write };
}
