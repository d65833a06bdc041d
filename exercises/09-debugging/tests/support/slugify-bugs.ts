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
  // In the README's order of the rules; each rule has at least one bug that a suite made of
  // the README's examples alone does not catch.
  { name: 'upper-case-kept', behaviour: 'keeps upper-case letters' },
  { name: 'ascii-only-lower-case', behaviour: 'lower-cases only the letters A to Z, so an accented capital such as É is lost instead of becoming e' },
  { name: 'accented-letter-dropped', behaviour: 'turns an accented letter into a hyphen instead of keeping the letter without its accent' },
  { name: 'few-accents-removed', behaviour: 'removes only the accents of French, so a letter such as ñ, å or ö is lost instead of keeping the letter without its accent' },
  { name: 'only-eszett-spelled-out', behaviour: 'spells out ß but none of the other letters that have no accent to remove (æ œ ø ł đ þ)' },
  { name: 'ae-oe-o-not-spelled-out', behaviour: 'spells out ß ł đ þ but not æ, œ or ø, so such a letter is lost instead of becoming ae, oe or o' },
  { name: 'stroked-letters-not-spelled-out', behaviour: 'spells out ß æ œ ø but not ł, đ or þ, so such a letter is lost instead of becoming l, d or th' },
  { name: 'apostrophe-splits-word', behaviour: 'splits a word in two at an apostrophe instead of removing the apostrophe' },
  { name: 'typographic-apostrophe-splits-word', behaviour: 'removes the typewriter apostrophe \' but splits a word in two at the typographic apostrophe ’' },
  { name: 'typewriter-apostrophe-splits-word', behaviour: 'removes the typographic apostrophe ’ but splits a word in two at the typewriter apostrophe \'' },
  { name: 'separators-not-collapsed', behaviour: 'writes one hyphen for every space or punctuation mark, so two of them in a row give two hyphens' },
  { name: 'title-hyphens-kept', behaviour: 'keeps the hyphens of the title as they are, so hyphens next to spaces or other hyphens give several hyphens in a row' },
  { name: 'underscore-kept', behaviour: 'keeps underscores, though a slug holds only a to z, 0 to 9 and hyphens' },
  { name: 'digits-dropped', behaviour: 'turns digits into hyphens, as if only letters belonged in a slug' },
  { name: 'leading-hyphen', behaviour: 'leaves a hyphen at the start of the slug when the title starts with punctuation or a space' },
  { name: 'trailing-hyphen', behaviour: 'leaves a hyphen at the end of the slug when the title ends with punctuation or a space' },
  { name: 'hyphen-left-after-cut', behaviour: 'leaves a hyphen at the end of the slug when the length limit falls just after the hyphen that follows a word' },
  { name: 'cut-mid-word', behaviour: 'cuts a title that is too long in the middle of a word, instead of after the last whole word that fits' },
  { name: 'single-word-cut-mid-word', behaviour: 'cuts in the middle of the second word when only the first word fits, instead of keeping the first word alone' },
  { name: 'exact-fit-word-dropped', behaviour: 'drops the last word even when it ends exactly at the length limit' },
  { name: 'slug-at-limit-cut', behaviour: 'cuts a slug that is exactly as long as the limit, though it fits' },
  { name: 'long-first-word-dropped', behaviour: 'gives an empty slug when the first word alone is longer than the limit, instead of cutting that word at the limit' },
  { name: 'default-limit-not-60', behaviour: 'lets a slug grow to 80 characters when no limit is given, instead of 60' },
  { name: 'blank-title-untitled', behaviour: "gives 'untitled' for an empty or blank title, where nothing is left and the slug is ''" },
];

export function bugFile(bug: SlugifyBug): string {
  return path.join(here, 'slugify-bugs', `${bug.name}.ts`);
}
