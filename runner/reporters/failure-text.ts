// A test failure as a learner reads it: the test's own explanation once, then the
// expected/received pair only when it adds something the explanation does not already
// say, with bounds worded as bounds ("at least 3", not "expected: 3"), long values
// folded to a line or two, and every line wrapped at word boundaries to the terminal.
import type { TestFailure } from '../check/results.js';

export const FAILURE_WORDS = {
  expected: 'expected:',
  received: 'received:',
  moreItems: (count: number) => `… (${count} more)`,
  earlierItems: (count: number) => `(${count} before) …`,
  moreLines: (count: number) => `… (${count} more lines)`,
} as const;

/** Lines of an explanation shown before the rest is folded: the header must stay on screen. */
const EXPLANATION_LINES = 24;

interface Relation {
  pattern: RegExp;
  /** How the expected value is introduced: "" for equality. */
  words: string;
}

// Longest first: "greater than or equal to" before "greater than".
const RELATIONS: readonly Relation[] = [
  { pattern: / to be greater than or equal to /, words: 'at least ' },
  { pattern: / to be greater than /, words: 'more than ' },
  { pattern: / to be less than or equal to /, words: 'at most ' },
  { pattern: / to be less than /, words: 'less than ' },
  { pattern: / to (?:contain|include) /, words: 'containing ' },
  { pattern: / to match /, words: 'matching ' },
  { pattern: / to (?:deeply |strictly )?equal | to be /, words: '' },
];

const FLAG = '(?:null|undefined|true|false|NaN)';
const FLAGS_ONLY = new RegExp(`^expected ${FLAG} (?:not )?to (?:be|equal|strictly equal) ${FLAG}$|^expected ${FLAG} (?:not )?to be (?:null|undefined|defined|truthy|falsy|NaN)$`);

export interface FailureParts {
  /** The test's own words (`expect(x, 'why')`), when it gave any. */
  explanation: string | undefined;
  /** vitest's sentence ("expected 2 to be 3"), when the pair cannot say it. */
  sentence: string | undefined;
  expected: string | undefined;
  received: string | undefined;
}

/** Splits vitest's "why: expected a to be b // Object.is equality" into what is worth showing once. */
export function failureParts(failure: TestFailure, foldAt: number): FailureParts {
  const message = failure.message;
  const at = message.startsWith('expected ') ? 0 : message.lastIndexOf(': expected ');
  const explanation = at > 0 ? message.slice(0, at) : at === 0 ? undefined : message;
  const sentence = at < 0 ? undefined : message.slice(at === 0 ? 0 : at + 2).replace(/\s*\/\/ Object\.is equality\s*$/, '');
  const relation = sentence === undefined || / not to /.test(sentence) ? undefined : RELATIONS.find((item) => item.pattern.test(sentence));
  const hasPair = failure.expected !== undefined && failure.actual !== undefined;
  // "expected null not to be null", "expected false to be true": after the test's own
  // words, a sentence or a pair of bare flags says nothing more.
  if (explanation !== undefined && sentence !== undefined && FLAGS_ONLY.test(sentence)) return { explanation, sentence: undefined, expected: undefined, received: undefined };
  if (sentence === undefined || !hasPair || relation === undefined) {
    return { explanation, sentence: sentence === undefined ? undefined : foldValue(sentence, foldAt * 2), expected: undefined, received: undefined };
  }
  const [expected, received] = foldPair(compactValue(failure.expected ?? ''), compactValue(failure.actual ?? ''), foldAt);
  if (explanation !== undefined && mentions(explanation, expected) && mentions(explanation, received)) return { explanation, sentence: undefined, expected: undefined, received: undefined };
  return { explanation, sentence: undefined, expected: `${relation.words}${expected}`, received };
}

/** vitest prints objects and arrays over many lines; one line reads better, up to a point. */
export function compactValue(text: string): string {
  if (!text.includes('\n')) return text;
  return text
    .split('\n')
    .map((line) => line.trim())
    .join(' ')
    .replace(/,\s*([\]}])/g, ' $1')
    .replace(/([[{])\s+/g, '$1 ')
    .replace(/\s+/g, ' ');
}

/** A value longer than `limit` characters, cut after an item, with how many items were left out. */
export function foldValue(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.lastIndexOf(', ', limit);
  const kept = cut > limit / 2 ? text.slice(0, cut + 1) : text.slice(0, limit);
  const left = text.slice(kept.length).split(', ').length;
  return `${kept} ${FAILURE_WORDS.moreItems(left)}`;
}

/**
 * Two long values that agree at first (two pages of ids) are folded from a little before
 * where they first differ: the part the learner needs to see.
 */
export function foldPair(expected: string, received: string, limit: number): [string, string] {
  let same = 0;
  while (same < expected.length && expected[same] === received[same]) same += 1;
  const start = expected.lastIndexOf(', ', same - Math.floor(limit / 4));
  if (Math.max(expected.length, received.length) <= limit || start <= 0) return [foldValue(expected, limit), foldValue(received, limit)];
  const skipped = expected.slice(0, start + 2).split(', ').length - 1;
  const from = (text: string) => `${FAILURE_WORDS.earlierItems(skipped)} ${text.slice(start + 2)}`;
  return [foldValue(from(expected), limit), foldValue(from(received), limit)];
}

/** Wraps each line at word boundaries, continuing a line under its own indentation. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const room = Math.max(20, width - indent.length);
  return text.split('\n').flatMap((line) => wrapLine(line, room).map((part) => `${indent}${part}`));
}

/** The first lines of a long explanation, and how many were folded. */
export function foldLines(lines: readonly string[], limit = EXPLANATION_LINES): string[] {
  if (lines.length <= limit) return [...lines];
  return [...lines.slice(0, limit), FAILURE_WORDS.moreLines(lines.length - limit)];
}

/**
 * Where a shell command may break: the last space at or before `limit` (past `minimum`)
 * that is not inside '...' or "...", since a shell joins only those across lines; when an
 * argument is longer than the line, the first such space after it (the line runs long:
 * a token cut in two no longer pastes); -1 when none is left.
 */
function commandBreak(text: string, limit: number, minimum: number): number {
  let quote: string | undefined;
  let found = -1;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === ' ' && index > minimum) {
      if (index > limit) return found === -1 ? index : found;
      found = index;
    }
  }
  return found;
}

/** A line that shows a shell command to paste (`request:  curl -i ...`): its wrapped lines end in " \\". */
const SHELL_COMMAND = /(^|\s)curl\s/;

function wrapLine(line: string, room: number): string[] {
  if (line.length <= room) return [line];
  const lead = /^\s*/.exec(line)?.[0] ?? '';
  // A command stays one command when pasted: each line it continues on is announced.
  const continued = SHELL_COMMAND.test(line) ? ' \\' : '';
  const width = room - continued.length;
  const parts: string[] = [];
  let rest = line;
  let prefix = '';
  while (prefix.length + rest.length > room) {
    const space = continued ? commandBreak(rest, width - prefix.length, lead.length) : rest.lastIndexOf(' ', width - prefix.length);
    if (continued && space === -1) break; // the command's last argument, whole, however long
    // One word longer than the line (a URL in a message): it is cut where the line ends.
    const at = space > lead.length ? space : width - prefix.length;
    parts.push(`${prefix}${rest.slice(0, at).trimEnd()}${continued}`);
    rest = rest.slice(at).trimStart();
    prefix = `${lead}  `;
  }
  if (rest.length > 0) parts.push(`${prefix}${rest}`);
  return parts;
}

function mentions(explanation: string, value: string): boolean {
  const bare = value.replace(/^(['"`])(.*)\1$/s, '$2');
  return bare.length > 0 && (/^\d+$/.test(bare) ? new RegExp(`\\b${bare}\\b`).test(explanation) : explanation.includes(bare));
}
