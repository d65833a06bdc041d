// Just enough of RFC 8941 (Structured Field Values) to read the RateLimit and
// RateLimit-Policy fields: a List of Items, each a String or Token with Parameters.
// Tolerant of what the RFC allows (spaces after "," and ";"), strict about the rest,
// so that a failure says precisely what does not parse.
export interface Item {
  /** The bare item: a String's content, or a Token. */
  value: string;
  /** Whether the bare item was a quoted String (the ratelimit draft requires one). */
  isString: boolean;
  params: Record<string, string | number | boolean>;
}

export function parseList(field: string): Item[] {
  const items: Item[] = [];
  let rest = field.trim();
  while (rest.length > 0) {
    const { item, after } = parseItem(rest);
    items.push(item);
    rest = after.trimStart();
    if (rest === '') break;
    if (!rest.startsWith(',')) throw new Error(`expected "," between list members at ${JSON.stringify(rest)}`);
    rest = rest.slice(1).trimStart();
    if (rest === '') throw new Error('a list must not end with ","');
  }
  return items;
}

function parseItem(text: string): { item: Item; after: string } {
  const bare = parseBare(text);
  const params: Item['params'] = {};
  let rest = bare.after;
  while (rest.startsWith(';')) {
    rest = rest.slice(1).trimStart();
    const key = /^[a-z*][a-z0-9_\-.*]*/.exec(rest)?.[0];
    if (!key) throw new Error(`expected a parameter name (lower case) at ${JSON.stringify(rest)}`);
    rest = rest.slice(key.length);
    if (rest.startsWith('=')) {
      const value = parseBare(rest.slice(1));
      params[key] = value.number ?? value.value;
      rest = value.after;
    } else params[key] = true;
  }
  return { item: { value: bare.value, isString: bare.isString, params }, after: rest };
}

function parseBare(text: string): { value: string; isString: boolean; number?: number; after: string } {
  if (text.startsWith('"')) {
    const match = /^"((?:[^"\\]|\\["\\])*)"/.exec(text);
    if (!match) throw new Error(`an unterminated string at ${JSON.stringify(text)}`);
    return { value: (match[1] ?? '').replace(/\\(["\\])/g, '$1'), isString: true, after: text.slice(match[0].length) };
  }
  const integer = /^-?\d{1,15}(?:\.\d{1,3})?/.exec(text);
  if (integer) return { value: integer[0], isString: false, number: Number(integer[0]), after: text.slice(integer[0].length) };
  const token = /^[A-Za-z*][!#$%&'*+\-.^_`|~\w:/]*/.exec(text);
  if (!token) throw new Error(`expected a string, a number or a token at ${JSON.stringify(text)}`);
  return { value: token[0], isString: false, after: text.slice(token[0].length) };
}
