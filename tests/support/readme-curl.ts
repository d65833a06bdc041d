// The curl examples of an exercise's README, read as a person reads them: the command
// (continued over lines by a trailing backslash or an open quote), and the status the
// README prints for it, either after an arrow on the same line (`→ 405, Allow: ...`) or
// as the `HTTP/1.1 NNN` line that follows, with the response headers printed under it.

export interface CurlExample {
  /** The command as typed, lines joined. */
  command: string;
  status: number;
  /** Header lines printed with the response (`Location: /books/0c6f…`), for later placeholders. */
  headers: [string, string][];
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Every `$ curl` line of the README that shows the status it answers, in order. */
export function readCurlExamples(readme: string): CurlExample[] {
  const lines = readme.split('\n');
  const examples: CurlExample[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (!/^\s*\$ curl /.test(lines[index] ?? '')) continue;
    let command = (lines[index] ?? '').replace(/^\s*\$ /, '');
    while (command.endsWith('\\') || openQuote(command)) {
      index += 1;
      command = command.endsWith('\\') ? `${command.slice(0, -1)} ${(lines[index] ?? '').trim()}` : `${command}\n${lines[index] ?? ''}`;
    }
    const arrow = /\s→\s*(\d{3})\b/.exec(command);
    if (arrow) {
      examples.push({ command: command.slice(0, arrow.index).trim(), status: Number(arrow[1]), headers: [] });
      continue;
    }
    const response = readResponse(lines, index + 1);
    if (response) examples.push({ command: command.trim(), ...response });
  }
  return examples;
}

/** The `HTTP/1.1 NNN` line after a command and the header lines under it, up to a blank line. */
function readResponse(lines: readonly string[], from: number): Omit<CurlExample, 'command'> | undefined {
  for (let index = from; index < lines.length && !/^\s*(\$ |```)/.test(lines[index] ?? ''); index += 1) {
    const status = /^HTTP\/[\d.]+ (\d{3})\b/.exec(lines[index] ?? '');
    if (!status) continue;
    const headers: [string, string][] = [];
    for (const line of lines.slice(index + 1)) {
      const header = /^([\w-]+): (.*?)(\s{2,}←.*)?$/.exec(line);
      if (!header) break;
      headers.push([header[1] ?? '', header[2] ?? '']);
    }
    return { status: Number(status[1]), headers };
  }
  return undefined;
}

function openQuote(text: string): boolean {
  return splitWords(text).open;
}

/** A shell's words: single and double quotes, backslash outside single quotes. */
function splitWords(text: string): { words: string[]; open: boolean } {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (quote) {
      if (char === quote) quote = undefined;
      else word = (word ?? '') + char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  if (word !== undefined) words.push(word);
  return { words, open: quote !== undefined };
}

/** The request a curl command sends: -X, -H, -d/--data, -I (HEAD); -i only changes what curl prints. */
export function parseCurl(command: string): CurlRequest {
  const words = splitWords(command).words.slice(1);
  const request: CurlRequest = { method: 'GET', url: '', headers: {} };
  let explicitMethod = false;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const next = () => words[(index += 1)] ?? '';
    if (word === '-X' || word === '--request') [request.method, explicitMethod] = [next(), true];
    else if (word === '-H' || word === '--header') {
      const header = next();
      const colon = header.indexOf(':');
      request.headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    } else if (word === '-d' || word === '--data' || word === '--data-raw') request.body = next();
    else if (word === '-I' || word === '--head') [request.method, explicitMethod] = ['HEAD', true];
    else if (word.startsWith('-')) continue;
    else request.url = word;
  }
  // As curl does: a body without -X is a POST.
  if (request.body !== undefined && !explicitMethod) request.method = 'POST';
  return request;
}
