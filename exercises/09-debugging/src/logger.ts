// A structured logger: one JSON object a line, in the field layout pino writes, so
// that pino-pretty, log shippers and `jq` read it as they read pino's own output.
// README.md walks through it task by task.

export type LevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
/** The lowest level a logger writes; 'silent' writes nothing. */
export type Threshold = LevelName | 'silent';
export type Fields = Record<string, unknown>;

/** pino's numbers: tools filter on them (`level >= 40`), so they are part of the format. */
export const LEVELS: Readonly<Record<LevelName, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** Where lines go: a function called with each line, or anything with a write() (a stream). */
export type Destination = ((line: string) => void) | { write(line: string): unknown };

export interface LoggerOptions {
  destination: Destination;
  /** The lowest level written; 'info' when absent. */
  level?: Threshold;
  /** Milliseconds since the epoch; Date.now when absent. */
  clock?: () => number;
  /** Fields computed again for every line (task 3 adds the request's id through it). */
  mixin?: () => Fields;
}

export interface LogMethod {
  (message: string): void;
  (fields: Fields | Error, message?: string): void;
}

export interface Logger {
  readonly level: Threshold;
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  fatal: LogMethod;
  isLevelEnabled(level: LevelName): boolean;
  /** A logger that writes this one's fields, then its own, on every line. */
  child(bindings: Fields): Logger;
}

export function createLogger(options: LoggerOptions): Logger {
  void options;
  // Task 2: pass every line's fields through sanitize() from './serialize.js'.
  // Task 3: add the fields that options.mixin() returns to every line.
  throw new Error('TODO: task 1 — write createLogger(): JSON lines with level, time and msg, a threshold, and child loggers');
}
