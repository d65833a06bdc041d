// Runs the learner's test suite of slugify() against several versions of slugify in ONE
// child vitest (tests/support/slugify-suite.config.ts): each version gets a folder of its
// own under .katas/, holding a copy of the suite and that version as ./slugify.ts.
// A child process, because a suite is a program of its own: it may hang, exit or crash,
// and none of that may take the exercise's own tests down with it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const configFile = fileURLToPath(new URL('./slugify-suite.config.ts', import.meta.url));
const vitestBin = path.join(repositoryRoot, 'node_modules', 'vitest', 'vitest.mjs');
/** Below the runner's patience for a file that makes no progress: testTimeoutMs (15 s) + 2 s. */
const RUN_TIMEOUT_MS = 14_000;
const FILE_ERROR_LINES = 6;
const STDERR_KEPT = 200_000;

export interface Version {
  /** A folder name: letters, digits and hyphens. */
  name: string;
  /** The slugify.ts to test. */
  file: string;
}

export interface TestOutcome {
  name: string;
  status: 'passed' | 'failed' | 'skipped' | 'todo';
  /** The first line of the failure, for a failed test. */
  failure?: string;
}

export interface VersionOutcome {
  /** 'failed' when a test failed or the file did not load. */
  status: 'passed' | 'failed';
  tests: TestOutcome[];
  /** Why the file did not load or run, if it did not. */
  fileError?: string;
}

interface JsonReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

export class SuiteRunError extends Error {}

export async function runSuite(suiteFile: string, versions: readonly Version[]): Promise<Map<string, VersionOutcome>> {
  if (!existsSync(suiteFile)) throw new SuiteRunError(`${path.relative(repositoryRoot, suiteFile)} does not exist: task 4 runs your tests of slugify() from that file`);
  const parent = path.join(repositoryRoot, '.katas', 'cache', 'suite-runs');
  mkdirSync(parent, { recursive: true });
  // Inside the repository, so that the copies' `import ... from 'vitest'` finds node_modules.
  const dir = mkdtempSync(path.join(parent, '09-debugging-'));
  try {
    for (const version of versions) {
      mkdirSync(path.join(dir, version.name));
      copyFileSync(suiteFile, path.join(dir, version.name, 'slugify.test.ts'));
      copyFileSync(version.file, path.join(dir, version.name, 'slugify.ts'));
    }
    const report = path.join(dir, 'report.json');
    // --silent: what the suite prints is not needed here, and could be megabytes.
    const args = [vitestBin, 'run', '--config', configFile, '--root', dir, '--silent', '--reporter=json', `--outputFile=${report}`];
    const child = await execa(process.execPath, args, {
      cwd: repositoryRoot,
      env: childEnvironment(),
      extendEnv: false,
      stdin: 'ignore',
      stdout: 'ignore',
      reject: false,
      timeout: RUN_TIMEOUT_MS,
      maxBuffer: STDERR_KEPT,
    });
    if (child.timedOut) throw new SuiteRunError(`your suite was still running after ${RUN_TIMEOUT_MS / 1000} s and was stopped: is there an endless loop in it?`);
    return readReport(report, dir, versions, child.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readReport(file: string, dir: string, versions: readonly Version[], stderr: string): Map<string, VersionOutcome> {
  let report: JsonReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
  } catch {
    const said = stderr.trim().split('\n').slice(0, 12).join('\n    ');
    throw new SuiteRunError(`vitest could not run your suite at all; it said:\n    ${said || '(nothing)'}`);
  }
  const outcomes = new Map<string, VersionOutcome>();
  for (const version of versions) {
    const copy = path.join(dir, version.name, 'slugify.test.ts');
    const result = report.testResults.find((entry) => path.resolve(entry.name) === copy);
    outcomes.set(version.name, result === undefined ? { status: 'failed', tests: [], fileError: 'vitest did not run the file' } : outcomeOf(result, path.join(dir, version.name)));
  }
  return outcomes;
}

function outcomeOf(result: JsonReport['testResults'][number], copyDir: string): VersionOutcome {
  const tests = result.assertionResults.map((test): TestOutcome => {
    const status = test.status === 'passed' || test.status === 'failed' || test.status === 'todo' ? test.status : 'skipped';
    const failure = test.failureMessages?.[0] === undefined ? undefined : learnerText(test.failureMessages[0], copyDir).split('\n')[0];
    return { name: test.fullName, status, ...(status === 'failed' && failure ? { failure } : {}) };
  });
  const failed = result.status === 'failed' || tests.some((test) => test.status === 'failed');
  const fileError = result.message ? learnerText(result.message, copyDir).split('\n').slice(0, FILE_ERROR_LINES).join('\n    ') : undefined;
  return { status: failed ? 'failed' : 'passed', tests, ...(fileError ? { fileError } : {}) };
}

/** Without colours, and with the copy's folder (which means nothing to the learner) shown as src/. */
function learnerText(text: string, copyDir: string): string {
  const prefixes = [`${copyDir}${path.sep}`, `${path.relative(repositoryRoot, copyDir)}${path.sep}`, `${path.basename(copyDir)}${path.sep}`];
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return prefixes.reduce((shown, prefix) => shown.split(prefix).join('src/'), plain);
}

/** The parent's environment without vitest's own variables, which would confuse a second vitest. */
function childEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name.startsWith('VITEST') || name.startsWith('KATAS_') || name === 'NODE_OPTIONS' || name === 'TEST') continue;
    env[name] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' };
}
