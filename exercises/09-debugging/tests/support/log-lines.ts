// A destination that keeps what a logger wrote, and reads it back the way a log
// shipper does: one JSON object per line. A failure quotes the raw text.
import { prettyFactory } from 'pino-pretty';

export type Line = Record<string, unknown>;

export interface Capture {
  /** Pass this as the logger's destination. */
  write: (chunk: string) => void;
  /** Every chunk, as written. */
  chunks: string[];
  /** Every chunk parsed; fails with a readable message when one is not a JSON line. */
  lines: () => Line[];
}

const SHOWN = 300;

export function capture(): Capture {
  const chunks: string[] = [];
  return {
    write: (chunk: string) => void chunks.push(chunk),
    chunks,
    lines: () => chunks.map(parseLine),
  };
}

export function parseLine(chunk: unknown): Line {
  if (typeof chunk !== 'string') throw new Error(`each write must be one line of text (a string), and this one is ${describe(chunk)}`);
  if (!chunk.endsWith('\n') || chunk.indexOf('\n') !== chunk.length - 1) {
    throw new Error(`each write must be exactly one JSON object followed by one "\\n" (newline-delimited JSON, as pino writes), and this one is ${show(chunk)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(chunk);
  } catch {
    throw new Error(`each line must be JSON, and this one does not parse: ${show(chunk)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`each line must be one JSON object, and this one is ${show(chunk)}`);
  return parsed as Line;
}

export function show(chunk: string): string {
  const text = JSON.stringify(chunk);
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}… (${chunk.length} characters)` : text;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** pino-pretty as a person reads it: UTC time, no colours. */
export const pretty = prettyFactory({ colorize: false, translateTime: 'UTC:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' });

/** A clock the test moves by hand. */
export function manualClock(start: number): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

/** A promise the test settles when it chooses: the order of events is the test's, not the timer's. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}
