import { format, inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { ConfigError, loadConfig, MASK, type Config, type Environment } from '../src/config.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A random secret: letters and digits a learner cannot predict or hard-code. */
function randomSecret(rng: Random, length: number): string {
  return Array.from({ length }, () => rng.pick([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'])).join('');
}

function requiredVariables(rng: Random) {
  const password = randomSecret(rng, 24);
  return {
    DATABASE_URL: `postgres://${rng.word(5)}:${password}@db.${rng.word(6)}.internal:5432/${rng.word(6)}`,
    SESSION_SECRET: randomSecret(rng, rng.int(32, 64)),
    password,
  };
}

function minimalEnv(rng: Random): { env: Environment; password: string; sessionSecret: string } {
  const { DATABASE_URL, SESSION_SECRET, password } = requiredVariables(rng);
  return { env: { DATABASE_URL, SESSION_SECRET }, password, sessionSecret: SESSION_SECRET };
}

/** Runs loadConfig expecting a ConfigError; fails with what came back otherwise. */
function expectConfigError(env: Environment, why: string): ConfigError {
  let result: Config | undefined;
  try {
    result = loadConfig(env);
  } catch (error) {
    expect(error, `${why}: loadConfig must throw a ConfigError (with .problems), not ${String(error)}`).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`${why}: loadConfig returned a configuration instead of throwing a ConfigError:\n${inspect(result)}`);
}

function variablesOf(error: ConfigError): string[] {
  return error.problems.map((problem) => problem.variable).sort();
}

/** Shows whether any run of 6 characters of the secret appears in the text. */
function leakOf(text: string, secret: string): string | undefined {
  for (let start = 0; start + 6 <= secret.length; start += 1) {
    const piece = secret.slice(start, start + 6);
    if (text.includes(piece)) return piece;
  }
  return undefined;
}

describe('task 2: configuration from the environment', () => {
  it('returns the documented defaults when only the required variables are set', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const config = loadConfig(env);
    const defaults = {
      port: config.port,
      nodeEnv: config.nodeEnv,
      logLevel: config.logLevel,
      corsOrigins: config.corsOrigins,
      corsCredentials: config.corsCredentials,
      readinessTimeoutMs: config.readinessTimeoutMs,
    };
    expect(defaults, rng.tag('with only DATABASE_URL and SESSION_SECRET set, every other value takes the default listed in the README')).toEqual({
      port: 3000,
      nodeEnv: 'development',
      logLevel: 'info',
      corsOrigins: [],
      corsCredentials: false,
      readinessTimeoutMs: 2000,
    });
  });

  it('turns text into typed values: whole numbers, a boolean and a list of origins', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const port = rng.int(1, 65_535);
    const timeout = rng.int(1, 60_000);
    const origins = [`https://${rng.word(6)}.example`, `http://localhost:${rng.int(1024, 9999)}`];
    const config = loadConfig({ ...env, PORT: String(port), READINESS_TIMEOUT_MS: String(timeout), CORS_CREDENTIALS: 'true', CORS_ORIGINS: ` ${origins[0]} ,${origins[1]}`, NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    expect(config.port, rng.tag(`PORT="${port}" is the number ${port}, not the string: the environment only holds text, the configuration holds types`)).toBe(port);
    expect(config.readinessTimeoutMs, rng.tag(`READINESS_TIMEOUT_MS="${timeout}" is the number ${timeout}`)).toBe(timeout);
    expect(config.corsCredentials, rng.tag('CORS_CREDENTIALS="true" is the boolean true')).toBe(true);
    expect(config.corsOrigins, rng.tag('CORS_ORIGINS is a comma-separated list; spaces around the commas are not part of an origin')).toEqual(origins);
    expect([config.nodeEnv, config.logLevel], rng.tag('NODE_ENV and LOG_LEVEL are taken as given when they are allowed values')).toEqual(['production', 'warn']);
  });

  it('reads "false" as false', () => {
    const rng = seededRandom();
    const config = loadConfig({ ...minimalEnv(rng).env, CORS_CREDENTIALS: 'false' });
    expect(config.corsCredentials, rng.tag('CORS_CREDENTIALS="false" must be false: Boolean("false") and !!"false" are true, because every non-empty string is truthy')).toBe(false);
  });

  it('reports a missing required variable by its name', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    // Each required variable in turn, on every seed: a rule is held at its edge, not by luck.
    for (const missing of ['DATABASE_URL', 'SESSION_SECRET']) {
      const rest = Object.fromEntries(Object.entries(env).filter(([name]) => name !== missing));
      const error = expectConfigError(rest, rng.tag(`${missing} is required and not set`));
      expect(variablesOf(error), rng.tag(`the problem must name the variable, ${missing}, so the operator knows what to set; a service must not start with a secret it does not have`)).toEqual([missing]);
    }
  });

  it('reports every problem at once, in one ConfigError that names each variable', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const mistakes: Record<string, string> = {
      PORT: String(rng.int(65_536, 99_999)),
      NODE_ENV: rng.pick(['prod', 'staging', 'Production']),
      LOG_LEVEL: rng.pick(['verbose', 'INFO', 'warning']),
      CORS_CREDENTIALS: rng.pick(['yes', '1', 'TRUE']),
      READINESS_TIMEOUT_MS: rng.pick(['2s', '0', '1.5']),
      CORS_ORIGINS: `https://${rng.word(6)}.example/`,
    };
    const chosen = Object.keys(mistakes).filter(() => rng.next() < 0.6);
    while (chosen.length < 3) {
      const extra = rng.pick(Object.keys(mistakes).filter((name) => !chosen.includes(name)));
      chosen.push(extra);
    }
    const bad = Object.fromEntries(chosen.map((name) => [name, mistakes[name] as string]));
    const error = expectConfigError({ ...env, ...bad }, rng.tag(`several variables are wrong: ${inspect(bad)}`));
    expect(variablesOf(error), rng.tag(`every wrong variable must be reported in the same error (${chosen.join(', ')}); stopping at the first one makes the operator restart once per mistake`)).toEqual([...chosen].sort());
    for (const name of chosen) {
      expect(error.message, rng.tag(`the error's message is what the operator reads in the crash log: it must name ${name}`)).toContain(name);
    }
  });

  it('refuses a port with trailing junk, a fraction, an exponent or a value out of range', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const n = rng.int(1, 9999);
    for (const port of [`${n}abc`, `${n}.5`, '1e3', '0', '65536', String(rng.int(65_536, 70_000)), '-80', '0x50', `+${n}`, ` ${n}`, `${n} `, `${n}.0`, `${n}.`]) {
      const error = expectConfigError({ ...env, PORT: port }, rng.tag(`PORT="${port}"`));
      expect(variablesOf(error), rng.tag(`PORT="${port}" is not a port (digits only, a whole number from 1 to 65535, README task 2 table): parseInt("80abc") is 80, Number("1e3") is 1000 and Number(" 80 "), Number("+80") and Number("80.0") are all 80, so neither checks the text on its own: test it against /^\\d+$/ first, then the range with <= 65535`)).toEqual(['PORT']);
    }
  });

  it('refuses CORS origins that are not origins: a path, a trailing slash or *', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const host = `${rng.word(6)}.example`;
    for (const entry of [`https://${host}/`, `https://${host}/app`, '*', host, `https://${host.toUpperCase()}`, `https://${host}:443`, `http://${host}:80`]) {
      const error = expectConfigError({ ...env, CORS_ORIGINS: `https://ok.example,${entry}` }, rng.tag(`CORS_ORIGINS contains "${entry}"`));
      expect(variablesOf(error), rng.tag(`"${entry}" can never equal a browser's Origin header (scheme://host[:port], nothing else, with a lower-case host and no default port such as :443 for https; RFC 6454 section 6.2), and "*" is not an allow-list: refuse it at start-up rather than silently refusing the front end later. new URL(entry).origin === entry tells them apart; a regular expression does not`)).toEqual(['CORS_ORIGINS']);
    }
  });

  it('treats an empty value as not set', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    expect(loadConfig({ ...env, PORT: '' }).port, rng.tag('PORT= (empty, as a .env file often has it) means "not set": the default 3000 applies')).toBe(3000);
    const error = expectConfigError({ ...env, SESSION_SECRET: '' }, rng.tag('SESSION_SECRET is empty'));
    expect(variablesOf(error), rng.tag('an empty SESSION_SECRET is a missing one: signing with an empty key is signing with no key')).toEqual(['SESSION_SECRET']);
  });

  it('reports an empty required variable exactly as an unset one', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    for (const name of ['DATABASE_URL', 'SESSION_SECRET']) {
      const rest = Object.fromEntries(Object.entries(env).filter(([variable]) => variable !== name));
      const unset = expectConfigError(rest, rng.tag(`${name} is not set`));
      const empty = expectConfigError({ ...env, [name]: '' }, rng.tag(`${name} is empty`));
      expect(empty.problems, rng.tag(`${name}= (empty, as VAR= in a .env file) is the same as an unset ${name} (README, task 2), so it gets the same problem, "required", not a complaint about the value's length or form: read env[name] === '' as undefined before any check`)).toEqual(unset.problems);
    }
  });

  it('reports a missing required variable together with every other problem', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const missing = rng.pick(['DATABASE_URL', 'SESSION_SECRET']);
    const rest = Object.fromEntries(Object.entries(env).filter(([name]) => name !== missing));
    const error = expectConfigError({ ...rest, PORT: `${rng.int(1, 9999)}abc`, LOG_LEVEL: 'verbose' }, rng.tag(`${missing} is missing, PORT and LOG_LEVEL are wrong`));
    expect(variablesOf(error), rng.tag(`${missing} is missing and PORT and LOG_LEVEL are wrong: every problem goes into the one ConfigError, the missing variable as well as the others (README, task 2: "with every problem in one error, so one restart fixes them all"). Do not throw early for a missing required variable`)).toEqual([missing, 'LOG_LEVEL', 'PORT'].sort());
  });

  it('accepts the edges of each range: PORT 1 and 65535, READINESS_TIMEOUT_MS 1 and 60000', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    for (const [port, timeout] of [[1, 1], [65_535, 60_000]] as const) {
      const config = loadConfig({ ...env, PORT: String(port), READINESS_TIMEOUT_MS: String(timeout) });
      expect([config.port, config.readinessTimeoutMs], rng.tag(`"1 to 65535" and "1 to 60000" include both ends: PORT=${port} and READINESS_TIMEOUT_MS=${timeout} are valid (compare with <= and >=, not < and >)`)).toEqual([port, timeout]);
    }
  });

  it('refuses a readiness timeout of 0 or above 60000 ms', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    for (const timeout of ['0', '60001', String(rng.int(60_002, 999_999))]) {
      const error = expectConfigError({ ...env, READINESS_TIMEOUT_MS: timeout }, rng.tag(`READINESS_TIMEOUT_MS="${timeout}"`));
      expect(variablesOf(error), rng.tag(`READINESS_TIMEOUT_MS must be a whole number from 1 to 60000 (README, task 2): ${timeout} ms would make every check time out at once, or let a probe wait longer than any orchestrator does`)).toEqual(['READINESS_TIMEOUT_MS']);
    }
  });

  it('accepts only exactly "true" or "false" for CORS_CREDENTIALS', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    for (const value of ['TRUE', 'False', '1', '0', 'yes', 'no', 'ture', ' true']) {
      const error = expectConfigError({ ...env, CORS_CREDENTIALS: value }, rng.tag(`CORS_CREDENTIALS="${value}"`));
      expect(variablesOf(error), rng.tag(`CORS_CREDENTIALS="${value}" is neither "true" nor "false" exactly (README, task 2 table): refuse it at start-up. Guessing (case-folding, 1/yes, or "anything but true is false") turns a typo into a silent change of the CORS policy`)).toEqual(['CORS_CREDENTIALS']);
    }
  });

  it('accepts NODE_ENV and LOG_LEVEL only exactly as listed: no other case, no surrounding spaces', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const cases: [string, string][] = [['NODE_ENV', 'Production'], ['NODE_ENV', ' production'], ['NODE_ENV', 'test '], ['LOG_LEVEL', 'INFO'], ['LOG_LEVEL', ' warn'], ['LOG_LEVEL', 'Debug']];
    for (const [variable, value] of cases) {
      const error = expectConfigError({ ...env, [variable]: value }, rng.tag(`${variable}="${value}"`));
      expect(variablesOf(error), rng.tag(`${variable}="${value}" is not exactly one of the listed values (README, task 2 table: "exactly one of these"); code that compares nodeEnv === 'production' would then disagree with the configuration`)).toEqual([variable]);
    }
  });

  it('accepts a DATABASE_URL with either the postgres: or the postgresql: scheme', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    for (const scheme of ['postgres', 'postgresql']) {
      const url = `${scheme}://${rng.word(5)}:${rng.word(12)}@${rng.word(6)}.internal:5432/${rng.word(6)}`;
      const config = loadConfig({ ...env, DATABASE_URL: url });
      expect(config.databaseUrl.reveal(), rng.tag(`${scheme}: is one of the two schemes PostgreSQL's connection URIs use (PostgreSQL documentation, "Connection URIs"), and the README's table allows both`)).toBe(url);
    }
  });

  it('refuses a DATABASE_URL that is not a postgres: or postgresql: URL', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const host = `${rng.word(6)}.internal`;
    for (const value of ['postgres', `postgresx://${host}/app`, `postgres-${rng.word(4)}`, `https://${host}/app`]) {
      const error = expectConfigError({ ...env, DATABASE_URL: value }, rng.tag('DATABASE_URL has the wrong form'));
      expect(variablesOf(error), rng.tag('DATABASE_URL must be a URL whose scheme is exactly postgres: or postgresql: (parse it with new URL and compare its protocol; a text that merely starts with "postgres" is not one). The value is not shown here: it is a secret')).toEqual(['DATABASE_URL']);
    }
  });

  it('treats an empty value as not set for every variable that has a default', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const empty = { PORT: '', NODE_ENV: '', LOG_LEVEL: '', CORS_ORIGINS: '', CORS_CREDENTIALS: '', READINESS_TIMEOUT_MS: '' };
    let config: Config | undefined;
    let thrown: unknown;
    try {
      config = loadConfig({ ...env, ...empty });
    } catch (error) {
      thrown = error;
    }
    expect(thrown, rng.tag(`every optional variable is set to "" (as VAR= in a .env file): an empty value is the same as an unset one (README, task 2), so the defaults apply and nothing is wrong. It threw: ${String(thrown)}`)).toBeUndefined();
    const { port, nodeEnv, logLevel, corsOrigins, corsCredentials, readinessTimeoutMs } = config as Config;
    expect({ port, nodeEnv, logLevel, corsOrigins, corsCredentials, readinessTimeoutMs }, rng.tag('empty values take the defaults of the README\'s table')).toEqual({ port: 3000, nodeEnv: 'development', logLevel: 'info', corsOrigins: [], corsCredentials: false, readinessTimeoutMs: 2000 });
  });

  it('accepts a SESSION_SECRET of exactly 32 characters and refuses one of 31', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const exact = randomSecret(rng, 32);
    expect(loadConfig({ ...env, SESSION_SECRET: exact }).sessionSecret.reveal(), rng.tag('"at least 32 characters" includes 32 itself (>=, not >)')).toBe(exact);
    const error = expectConfigError({ ...env, SESSION_SECRET: exact.slice(1) }, rng.tag('SESSION_SECRET has 31 characters'));
    expect(variablesOf(error), rng.tag('31 characters is one short of the minimum of 32')).toEqual(['SESSION_SECRET']);
  });

  it('counts a SESSION_SECRET in characters, not UTF-8 bytes', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const letters = [...'éüßøñçåæ'];
    const short = Array.from({ length: 31 }, () => rng.pick(letters)).join('');
    const error = expectConfigError({ ...env, SESSION_SECRET: short }, rng.tag(`SESSION_SECRET has 31 characters (${Buffer.byteLength(short)} bytes in UTF-8)`));
    expect(variablesOf(error), rng.tag(`the rule is "at least 32 characters" (README, task 2 table): 31 non-ASCII characters are ${Buffer.byteLength(short)} UTF-8 bytes, and counting bytes (Buffer.byteLength) lets a secret half as long through`)).toEqual(['SESSION_SECRET']);
  });

  it('reads only the object it is given, not process.env', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    vi.stubEnv('PORT', String(rng.int(4000, 5000)));
    vi.stubEnv('SESSION_SECRET', randomSecret(rng, 40));
    expect(loadConfig(env).port, rng.tag('process.env.PORT is set in this test, but the object passed in has no PORT: the default 3000 applies. Taking the environment as a parameter is what lets tests and tools load a configuration without touching the process')).toBe(3000);
    const { SESSION_SECRET: _dropped, ...withoutSecret } = env;
    const error = expectConfigError(withoutSecret, rng.tag('SESSION_SECRET is missing from the object passed in (it is only in process.env)'));
    expect(variablesOf(error), rng.tag('the object passed in is the whole environment: a SESSION_SECRET found only in process.env does not count')).toEqual(['SESSION_SECRET']);
  });

  it('masks secrets in String(), template strings, JSON.stringify and util.inspect, whatever their value', () => {
    const rng = seededRandom();
    const { env, password, sessionSecret } = minimalEnv(rng);
    const config = loadConfig(env);
    const printed: Record<string, string> = {
      'String(config.sessionSecret)': String(config.sessionSecret),
      '`${config.databaseUrl}`': `${config.databaseUrl}`,
      'JSON.stringify(config)': JSON.stringify(config),
      'util.inspect(config) (what console.log shows)': inspect(config, { depth: null }),
      'util.inspect(config, { showHidden: true })': inspect(config, { depth: null, showHidden: true }),
      "util.format('%o', config)": format('%o', config),
    };
    for (const [how, text] of Object.entries(printed)) {
      for (const [name, secret] of [['SESSION_SECRET', sessionSecret], ['the DATABASE_URL password', password]] as const) {
        const piece = leakOf(text, secret);
        expect(piece, rng.tag(`${how} printed "${piece}", part of ${name}: a configuration gets logged at start-up and in crash reports, so a secret must print as a mask in every form (OWASP Logging Cheat Sheet; CWE-532). It printed:\n${text}`)).toBeUndefined();
      }
    }
    const serialised = JSON.parse(printed['JSON.stringify(config)'] as string) as Record<string, unknown>;
    expect(typeof serialised.sessionSecret === 'string' && serialised.sessionSecret !== '', rng.tag(`JSON.stringify(config) should still show that sessionSecret is set, as a mask string; it showed ${inspect(serialised.sessionSecret)}`)).toBe(true);
  });

  it('prints the mask from String() and template strings', () => {
    const rng = seededRandom();
    const config = loadConfig(minimalEnv(rng).env);
    for (const [how, text] of [['String(config.sessionSecret)', String(config.sessionSecret)], ['`${config.databaseUrl}`', `${config.databaseUrl}`]] as const) {
      expect(text, rng.tag(`${how} calls toString(), which must print the mask MASK (${JSON.stringify(MASK)}) in place of the value: not part of the value (no last four characters), and not "[object Object]", which hides that a secret was there (OWASP Logging Cheat Sheet, "Data to exclude"). It printed ${text}`)).toContain(MASK);
    }
  });

  it('serialises a secret as the mask string in JSON.stringify', () => {
    const rng = seededRandom();
    const config = loadConfig(minimalEnv(rng).env);
    const serialised = JSON.parse(JSON.stringify({ databaseUrl: config.databaseUrl, sessionSecret: config.sessionSecret })) as unknown;
    expect(serialised, rng.tag(`JSON.stringify calls toJSON(), which must return the mask MASK (${JSON.stringify(MASK)}): a structured log line then shows that the secret is set without showing it (OWASP Logging Cheat Sheet; CWE-532)`)).toEqual({ databaseUrl: expect.stringContaining(MASK), sessionSecret: expect.stringContaining(MASK) });
  });

  it('shows the mask in util.inspect, as console.log prints it', () => {
    const rng = seededRandom();
    const config = loadConfig(minimalEnv(rng).env);
    const shown = inspect(config.sessionSecret);
    expect(shown, rng.tag(`util.inspect(secret) (what console.log prints) must show the mask MASK (${JSON.stringify(MASK)}) through a method named [inspect.custom] (Node.js util.inspect.custom); it showed ${shown}`)).toContain(MASK);
  });

  it('keeps a secret\'s value out of every property util.inspect can show', () => {
    const rng = seededRandom();
    const { env, sessionSecret } = minimalEnv(rng);
    const secret = loadConfig(env).sessionSecret;
    const views: Record<string, string> = {
      'util.inspect(secret, { customInspect: false })': inspect(secret, { customInspect: false, showHidden: true }),
      'Object.values(secret)': JSON.stringify(Object.values(secret)),
      '{ ...secret }': JSON.stringify({ ...secret }),
      'Object.getOwnPropertyNames(secret) and their values': JSON.stringify(Object.getOwnPropertyNames(secret).map((name) => [name, (secret as unknown as Record<string, unknown>)[name]])),
    };
    for (const [how, text] of Object.entries(views)) {
      const piece = leakOf(text, sessionSecret);
      expect(piece, rng.tag(`${how} showed "${piece}", part of SESSION_SECRET: an ordinary property (TypeScript's "private" is one at run time) is seen by util.inspect without its custom hook, by spreading and by structured logging. Keep the value in a private field #value (README, task 2). It showed:\n${text}`)).toBeUndefined();
    }
  });

  it('prints not even a few characters of a secret: the mask replaces all of it', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    // Letters and symbols in turn: no four of them in a row can appear in ordinary prose.
    const value = Array.from({ length: rng.int(32, 48) }, (_, i) => rng.pick(i % 2 === 0 ? [...'QZXJKV'] : [...'#%&@~^'])).join('');
    const printedWith = (secretValue: string): Record<string, string> => {
      const secret = loadConfig({ ...env, SESSION_SECRET: secretValue }).sessionSecret;
      return { 'util.inspect(secret)': inspect(secret), 'String(secret)': String(secret), 'JSON.stringify(secret)': JSON.stringify(secret) };
    };
    const printed = printedWith(value);
    for (const [how, text] of Object.entries(printed)) {
      for (let start = 0; start + 4 <= value.length; start += 1) {
        const piece = value.slice(start, start + 4);
        expect(text.includes(piece), rng.tag(`${how} shows "${piece}", four characters of the secret: "everything else prints a mask" (README, task 2), not the first or last few characters, which narrow the secret down (OWASP Logging Cheat Sheet, "Data to exclude"; CWE-532). It printed ${text}`)).toBe(false);
      }
    }
    // Fewer than four characters cannot be searched for in prose, but they change what is
    // printed: a secret of other characters and another length must print the same.
    const printedOther = printedWith('9'.repeat(value.length + 7));
    for (const [how, text] of Object.entries(printed)) {
      expect(printedOther[how], rng.tag(`${how} printed ${text} for one SESSION_SECRET and ${printedOther[how]} for another: a mask does not depend on the value at all, not on a character of it, not on its length (README, task 2: "everything else prints a mask"; OWASP Logging Cheat Sheet, "Data to exclude")`)).toBe(text);
    }
  });

  it('puts not even a few characters of a too-short secret into a ConfigError', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    // Letters and symbols in turn: no four of them in a row can appear in ordinary prose.
    const short = Array.from({ length: rng.int(10, 24) }, (_, i) => rng.pick(i % 2 === 0 ? [...'QZXJKV'] : [...'#%&@~^'])).join('');
    const error = expectConfigError({ ...env, SESSION_SECRET: short }, rng.tag('SESSION_SECRET is too short'));
    const text = `${error.message}\n${JSON.stringify(error.problems)}`;
    for (let start = 0; start + 4 <= short.length; start += 1) {
      const piece = short.slice(start, start + 4);
      expect(text.includes(piece), rng.tag(`the error shows "${piece}", four characters of SESSION_SECRET: even the start or the end of a secret narrows it down. Say what is wrong (its length) and nothing of its value (OWASP Secrets Management Cheat Sheet; CWE-532). It said:\n${text}`)).toBe(false);
    }
  });

  it('keeps the real value of a secret for the code that needs it, through reveal()', () => {
    const rng = seededRandom();
    const { env, sessionSecret } = minimalEnv(rng);
    const config = loadConfig(env);
    expect(config.sessionSecret.reveal(), rng.tag('reveal() returns the value itself: the token signer needs the real key')).toBe(sessionSecret);
    expect(config.databaseUrl.reveal(), rng.tag('reveal() returns DATABASE_URL as given: the database driver needs it')).toBe(env.DATABASE_URL);
  });

  it('never puts a DATABASE_URL that is not even a URL into a ConfigError', () => {
    const rng = seededRandom();
    const { env } = minimalEnv(rng);
    const password = randomSecret(rng, 20);
    const host = `${rng.word(6)}.internal`;
    const value = `postgres://${rng.word(5)}:${password}@db ${host}:5432/app`;
    const error = expectConfigError({ ...env, DATABASE_URL: value }, rng.tag('DATABASE_URL is not a URL (a space in the host)'));
    expect(variablesOf(error), rng.tag('new URL() refuses a host with a space: DATABASE_URL is wrong')).toEqual(['DATABASE_URL']);
    const text = `${error.message}\n${JSON.stringify(error.problems)}`;
    for (const secret of [password, host]) {
      const piece = leakOf(text, secret);
      expect(piece, rng.tag(`the error shows "${piece}", part of DATABASE_URL: when the value cannot be parsed it is still a secret (it holds the password), so the message says what is wrong ("must be a URL such as postgres://…") without quoting it (README, task 2; CWE-532). It said:\n${text}`)).toBeUndefined();
    }
  });

  it('never puts a secret\'s value into a ConfigError', () => {
    const rng = seededRandom();
    const short = randomSecret(rng, rng.int(10, 24));
    const wrongUrl = `mysql://${rng.word(5)}:${randomSecret(rng, 20)}@${rng.word(6)}.internal/app`;
    const error = expectConfigError({ SESSION_SECRET: short, DATABASE_URL: wrongUrl }, rng.tag('SESSION_SECRET is too short and DATABASE_URL is not a postgres URL'));
    expect(variablesOf(error), rng.tag('both secrets are wrong: a SESSION_SECRET shorter than 32 characters, and a DATABASE_URL that is not postgres: or postgresql:')).toEqual(['DATABASE_URL', 'SESSION_SECRET']);
    const text = `${error.message}\n${JSON.stringify(error.problems)}`;
    for (const secret of [short, wrongUrl.slice(8)]) {
      const piece = leakOf(text, secret);
      expect(piece, rng.tag(`the error shows "${piece}", part of a secret's value: a start-up error goes to the logs, so say what is wrong ("at least 32 characters") without the value. It said:\n${text}`)).toBeUndefined();
    }
  });
});
