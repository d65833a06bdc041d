// The README a learner's edition carries: the instructor's README without the blocks
// marked for instructors only, with a line on which edition this is after the title.
// Marked blocks, so that a new instructor-only section is kept out by the person who
// writes it, where they write it:
//   <!-- instructor-only -->
//   ...
//   <!-- /instructor-only -->

import { UsageError } from '../commands/types.js';

const OPEN = '<!-- instructor-only -->';
const CLOSE = '<!-- /instructor-only -->';

export class ReadmeMarkerError extends UsageError {}

export function learnerReadme(text: string, preface: string): string {
  const kept: string[] = [];
  let inside = false;
  for (const [index, line] of text.split('\n').entries()) {
    const marker = line.trim();
    if (marker === OPEN || marker === CLOSE) {
      if ((marker === OPEN) === inside) throw new ReadmeMarkerError(`README.md:${index + 1}: ${marker} ${inside ? 'inside another block' : 'without its opening marker'}`);
      inside = marker === OPEN;
      continue;
    }
    if (!inside) kept.push(line);
  }
  if (inside) throw new ReadmeMarkerError(`README.md: ${OPEN} is never closed with ${CLOSE}`);
  const title = kept.findIndex((line) => line.startsWith('# '));
  kept.splice(title + 1, 0, '', preface);
  return `${kept.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
