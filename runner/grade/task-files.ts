// Which tasks a test file declares, read from its text: when the file does not load, its
// tests are never collected, and without this a task split over two files would be
// graded on the tests of the file that did load only.
import { readFileSync } from 'node:fs';

const TASK_DESCRIBE = /\b(?:describe|suite)\s*\(\s*['"`]task\s+(\d+)\b/gi;

/** The task numbers of a file's `describe('task N: ...')` blocks, or undefined when it names none (or cannot be read). */
export function tasksDeclaredIn(file: string): number[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const numbers = [...new Set([...text.matchAll(TASK_DESCRIBE)].map((match) => Number(match[1])))];
  return numbers.length > 0 ? numbers.sort((a, b) => a - b) : undefined;
}
