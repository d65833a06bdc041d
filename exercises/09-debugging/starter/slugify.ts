// Given code: the function that task 4 asks you to test. Read it, do not change it:
// the exercise runs your tests against this version (they must pass) and against
// copies of it with one bug each (your tests must fail on every one of them).

/** Letters that have no accent to remove, spelled out in Latin letters. */
const SPELLED_OUT: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th' };

export const DEFAULT_MAX_LENGTH = 60;

/**
 * The slug of a title, for a URL: `slugify('Crème Brûlée: 10 Recipes!')` is
 * `'creme-brulee-10-recipes'`.
 *
 * 1. Lower case: `'Hello World'` gives `'hello-world'`.
 * 2. Accents are removed, the letter kept: `'Crème'` gives `'creme'`; `ß æ œ ø ł đ þ` are
 *    spelled out (`'Straße'` gives `'strasse'`).
 * 3. Apostrophes (`'` and `’`) are removed, so a word stays whole: `"Don't"` gives `'dont'`.
 * 4. Every run of other characters that are not a–z or 0–9 becomes one hyphen:
 *    `'Rock & Roll'` gives `'rock-roll'`.
 * 5. No hyphen at the start or at the end: `'¿Qué?'` gives `'que'`.
 * 6. At most `maxLength` characters: a longer slug is cut after the last whole word
 *    that fits (a word that ends exactly at the limit fits); a first word longer than
 *    the limit is cut at the limit.
 *
 * A title with no letter or digit left (`'!!!'`, `'渡辺'`) gives `''`.
 */
export function slugify(title: string, maxLength = DEFAULT_MAX_LENGTH): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøłđþ]/g, (letter) => SPELLED_OUT[letter] ?? letter)
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  // One character more than the limit shows whether the cut falls between two words.
  const head = slug.slice(0, maxLength + 1);
  const lastHyphen = head.lastIndexOf('-');
  return lastHyphen > 0 ? head.slice(0, lastHyphen) : slug.slice(0, maxLength);
}
