// Configuration from the environment: read once at start-up, typed, with defaults,
// every problem reported at once, and secrets that never print themselves.
// README.md, task 2, has the table of variables, their types and defaults.

/** What a secret shows instead of its value wherever it is printed or serialised. */
export const MASK = '[redacted]';

/** A value that must not appear in logs, error messages or JSON: only reveal() gives it. */
export class Secret {
  constructor(value: string) {
    void value;
    throw new Error('TODO: task 2 — keep the value where printing the object cannot reach it');
  }

  /** The real value, for the one place that needs it (the database driver, the signer). */
  reveal(): string {
    throw new Error('TODO: task 2 — return the value');
  }

  // Printing: String(secret) and `${secret}` call toString(), JSON.stringify calls
  // toJSON(), and console.log / util.inspect look for a method named inspect.custom.
}

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface Config {
  readonly port: number;
  readonly nodeEnv: NodeEnv;
  readonly logLevel: LogLevel;
  readonly databaseUrl: Secret;
  readonly sessionSecret: Secret;
  readonly corsOrigins: readonly string[];
  readonly corsCredentials: boolean;
  readonly readinessTimeoutMs: number;
}

/** The environment as a plain object, for example process.env, passed in by the caller. */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface ConfigProblem {
  /** The environment variable at fault, e.g. 'PORT'. */
  readonly variable: string;
  /** What is wrong with it, never containing a secret's value. */
  readonly message: string;
}

/** Thrown by loadConfig with every problem found, so one restart fixes them all. (Given: nothing to do here.) */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map(({ variable, message }) => `  - ${variable}: ${message}`);
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Reads, checks and types the configuration; throws one ConfigError listing every problem. */
export function loadConfig(env: Environment): Config {
  void env;
  throw new Error('TODO: task 2 — read each variable from env, collect every problem, then throw one ConfigError or return the typed Config');
}
