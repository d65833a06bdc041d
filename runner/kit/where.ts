// Where in the learner's code an error was thrown, for test messages: a test that reports
// "your handler threw" points at the learner's line, not at the test that noticed it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/;

/** The first frame of `error`'s stack in the code under test, as ` (at file:line:column)`, or '' when there is none. */
export function thrownAt(error: unknown): string {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const file = match[1]?.startsWith('file://') ? fileURLToPath(match[1]) : (match[1] ?? '');
    if (!path.isAbsolute(file)) continue;
    const shown = path.relative(root, file).split(path.sep).join('/');
    if (isCodeUnderTest(shown)) return ` (at ${shown}:${match[2]}:${match[3]})`;
  }
  return '';
}

/**
 * Not node_modules, not the runner, not a test or its support files, not an exercise's
 * try entry (the course's, running the README's examples): the learner's, or a copy the
 * self-check made.
 */
function isCodeUnderTest(shown: string): boolean {
  return (
    !shown.startsWith('../') &&
    !/(^|\/)node_modules\//.test(shown) &&
    !/^(runner|tests)\//.test(shown) &&
    !/^exercises\/[^/]+\/tests\//.test(shown) &&
    !/^exercises\/[^/]+\/try\.ts$/.test(shown)
  );
}
