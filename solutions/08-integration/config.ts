// Configuration from the environment: read once at start-up, typed, with defaults,
// every problem reported at once, and secrets that never print themselves.
import { inspect } from 'node:util';

/** What a secret shows instead of its value wherever it is printed or serialised. */
export const MASK = '[redacted]';

/** A value that must not appear in logs, error messages or JSON: only reveal() gives it. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The real value, for the one place that needs it (the database driver, the signer). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return `Secret(${MASK})`;
  }
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

/** Thrown by loadConfig with every problem found, so one restart fixes them all. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map(({ variable, message }) => `  - ${variable}: ${message}`);
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const NODE_ENVS: readonly NodeEnv[] = ['development', 'test', 'production'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
const MIN_SECRET_LENGTH = 32;

/** Reads, checks and types the configuration; throws one ConfigError listing every problem. */
export function loadConfig(env: Environment): Config {
  const problems: ConfigProblem[] = [];
  const reader = createReader(env, problems);
  const config: Config = {
    port: reader.integer('PORT', 3000, 1, 65_535),
    nodeEnv: reader.oneOf('NODE_ENV', NODE_ENVS, 'development'),
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    databaseUrl: reader.secret('DATABASE_URL', checkDatabaseUrl),
    sessionSecret: reader.secret('SESSION_SECRET', checkSessionSecret),
    corsOrigins: reader.origins('CORS_ORIGINS'),
    corsCredentials: reader.boolean('CORS_CREDENTIALS', false),
    readinessTimeoutMs: reader.integer('READINESS_TIMEOUT_MS', 2000, 1, 60_000),
  };
  // Collected, not thrown one by one: an operator fixes everything in one go.
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function createReader(env: Environment, problems: ConfigProblem[]) {
  // An empty value (`PORT=` in a .env file) means "not set", so the default applies.
  const read = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const report = (variable: string, message: string): void => void problems.push({ variable, message });

  return {
    integer(name: string, fallback: number, min: number, max: number): number {
      const raw = read(name);
      if (raw === undefined) return fallback;
      // Digits only: parseInt('80abc') is 80 and Number('1e3') is 1000, both typos accepted.
      const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      report(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const raw = read(name);
      if (raw === undefined) return fallback;
      if ((allowed as readonly string[]).includes(raw)) return raw as T;
      report(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    },
    boolean(name: string, fallback: boolean): boolean {
      const raw = read(name);
      if (raw === undefined) return fallback;
      // Boolean('false') is true: compare the text instead.
      if (raw === 'true' || raw === 'false') return raw === 'true';
      report(name, `must be "true" or "false", got "${raw}"`);
      return fallback;
    },
    secret(name: string, check: (value: string) => string | undefined): Secret {
      const raw = read(name);
      if (raw === undefined) {
        report(name, 'is required and not set');
        return new Secret('');
      }
      // The message says what is wrong, never what the value was.
      const problem = check(raw);
      if (problem !== undefined) report(name, problem);
      return new Secret(raw);
    },
    origins(name: string): readonly string[] {
      const raw = read(name);
      if (raw === undefined) return [];
      const origins = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
      const bad = origins.filter((origin) => !isOrigin(origin));
      if (bad.length > 0) {
        report(name, `each entry must be an origin such as https://app.example.com (scheme, host and optional port; no path, no trailing slash, no "*"); not origins: ${bad.map((b) => `"${b}"`).join(', ')}`);
      }
      return origins.filter(isOrigin);
    },
  };
}

function checkDatabaseUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL such as postgres://user:password@host:5432/name (value not shown: it is a secret)';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return 'must use the postgres: or postgresql: scheme (value not shown: it is a secret)';
  return undefined;
}

function checkSessionSecret(value: string): string | undefined {
  return value.length >= MIN_SECRET_LENGTH ? undefined : `must be at least ${MIN_SECRET_LENGTH} characters long, it has ${value.length} (value not shown: it is a secret)`;
}

/** An origin as a browser sends it in the Origin header: scheme://host[:port], nothing more. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
