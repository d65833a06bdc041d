// A structured logger: one JSON object a line, in the field layout pino writes, so
// that pino-pretty, log shippers and `jq` read it as they read pino's own output.
// README.md walks through it task by task.
import { hostname } from 'node:os';
import { sanitize } from './serialize.js';

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

interface Settings {
  write: (line: string) => void;
  level: Threshold;
  clock: () => number;
  mixin: () => Fields;
  /** pid, hostname and every ancestor's bindings, already sanitised. */
  bindings: Fields;
}

export function createLogger(options: LoggerOptions): Logger {
  const { destination } = options;
  return build({
    write: typeof destination === 'function' ? destination : (line) => void destination.write(line),
    level: options.level ?? 'info',
    clock: options.clock ?? Date.now,
    mixin: options.mixin ?? (() => ({})),
    bindings: { pid: process.pid, hostname: hostname() },
  });
}

function build(settings: Settings): Logger {
  const threshold = settings.level === 'silent' ? Number.POSITIVE_INFINITY : LEVELS[settings.level];
  const enabled = (level: LevelName) => LEVELS[level] >= threshold;
  const method =
    (level: LevelName): LogMethod =>
    (first: Fields | Error | string, message?: string) => {
      // Checked first: a line that is not written costs nothing, not even its serialisation.
      if (enabled(level)) settings.write(formatLine(settings, LEVELS[level], first, message));
    };
  return {
    level: settings.level,
    trace: method('trace'),
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    fatal: method('fatal'),
    isLevelEnabled: enabled,
    // A new object: the parent's bindings are never written to.
    child: (bindings) => build({ ...settings, bindings: { ...settings.bindings, ...(sanitize(bindings) as Fields) } }),
  };
}

function formatLine(settings: Settings, level: number, first: Fields | Error | string, message: string | undefined): string {
  let fields: Fields = {};
  let msg = message;
  if (typeof first === 'string') msg = first;
  else if (first instanceof Error) {
    // pino's convention: an error logged on its own goes under `err`, its message is the line's.
    fields = { err: first };
    msg ??= first.message;
  } else fields = first;
  const time = settings.clock();
  const line: Fields = { level, time, ...settings.bindings, ...(sanitize(settings.mixin()) as Fields), ...(sanitize(fields) as Fields) };
  // The format's own fields win over a caller's field of the same name.
  line.level = level;
  line.time = time;
  if (msg !== undefined) line.msg = msg;
  // One write per line, newline included: lines from concurrent code never interleave.
  return `${JSON.stringify(line)}\n`;
}
