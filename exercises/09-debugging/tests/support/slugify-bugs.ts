// The buggy versions of slugify() that task 4 runs the learner's tests against. A
// learner who misses one is told what the bug does, never shown its code: finding the
// input that exposes it is the exercise.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SlugifyBug {
  /** Also the file name under slugify-bugs/, without .ts. */
  name: string;
  /** What the buggy version does wrong, in words: it completes "a slugify() that …". */
  behaviour: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export const SLUGIFY_BUGS: readonly SlugifyBug[] = [
  { name: 'upper-case-kept', behaviour: 'keeps upper-case letters' },
  { name: 'accented-letter-dropped', behaviour: 'turns an accented letter into a hyphen instead of keeping the letter without its accent' },
  { name: 'apostrophe-splits-word', behaviour: 'splits a word in two at an apostrophe instead of removing the apostrophe' },
  { name: 'separators-not-collapsed', behaviour: 'writes one hyphen for every space or punctuation mark, so two of them in a row give two hyphens' },
  { name: 'trailing-hyphen', behaviour: 'leaves a hyphen at the end of the slug when the title ends with punctuation or a space' },
  { name: 'cut-mid-word', behaviour: 'cuts a title that is too long in the middle of a word, instead of after the last whole word that fits' },
  { name: 'exact-fit-word-dropped', behaviour: 'drops the last word even when it ends exactly at the length limit' },
];

export function bugFile(bug: SlugifyBug): string {
  return path.join(here, 'slugify-bugs', `${bug.name}.ts`);
}
