// Text from a test run as a report may show it: grading runs in a temporary copy, so
// vitest and Node name files by that copy's absolute path (/tmp/katas-grade-XXXX/...),
// which means nothing to the learner and differs on every run; an error thrown where a
// value was expected arrives as raw JSON ({"stack": "..."}); terminal colour codes come
// along with printed stacks. Paths become relative to the repository, a thrown error
// its first line (name and message), and colour codes go.
import { plainText } from '../reporters/plain-text.js';

const TEMPORARY_ROOT = /(?:file:\/\/)?(?:\/private)?\/[^\s'"`()]*?\/katas-grade-[A-Za-z0-9]+\//g;
const TEMPORARY_FOLDER = /(?:\/private)?\/[^\s'"`()]*?\/katas-grade-[A-Za-z0-9]+\b/g;
const ERROR_JSON = '{"stack":';

export function cleanText(text: string, root: string): string {
  const prefix = `${root.replace(/\/+$/, '')}/`;
  const relative = plainText(text).split(`file://${prefix}`).join('').split(prefix).join('').replace(TEMPORARY_ROOT, '');
  // The copy itself, as a working directory ("started ... (in /tmp/katas-grade-X)"), is the repository.
  return replaceErrorJson(relative.split(root).join('.').replace(TEMPORARY_FOLDER, '.'));
}

/** Every `{"stack": ...}` object in the text, read as JSON, becomes the error's first line. */
function replaceErrorJson(text: string): string {
  let rest = text;
  let out = '';
  for (let at = rest.indexOf(ERROR_JSON); at >= 0; at = rest.indexOf(ERROR_JSON)) {
    const end = closingBrace(rest, at);
    const error = end < 0 ? undefined : errorLine(rest.slice(at, end + 1));
    out += rest.slice(0, at) + (error ?? rest.slice(at, at + ERROR_JSON.length));
    rest = rest.slice(error === undefined ? at + ERROR_JSON.length : end + 1);
  }
  return out + rest;
}

function errorLine(json: string): string | undefined {
  try {
    const data = JSON.parse(json) as { stack?: unknown; message?: unknown };
    const first = typeof data.stack === 'string' ? data.stack.split('\n')[0] : undefined;
    return first ?? (typeof data.message === 'string' ? data.message : undefined);
  } catch {
    return undefined;
  }
}

/** Where the object starting at `from` ends, strings and escapes respected; -1 when it does not. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return index;
  }
  return -1;
}
