// A copy of src/slugify.ts with one bug (see ../slugify-bugs.ts). Task 4 runs the
// learner's tests against it: they must fail. Never shown to the learner as code.
/** Letters that have no accent to remove, spelled out in Latin letters. */
const SPELLED_OUT: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th' };

export const DEFAULT_MAX_LENGTH = 60;

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
  const words = slug.slice(0, maxLength + 1).split('-');
  // The last piece is cut or empty: drop it, unless the first word is all there is.
  return words.length > 2 ? words.slice(0, -1).join('-') : slug.slice(0, maxLength);
}
