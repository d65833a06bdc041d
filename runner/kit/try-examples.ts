// Runs a README's examples on the learner's code for `npm run try`, for the exercises
// that have no server of their own to poke at: each step prints what the learner's code
// returned beside what the README says it returns, and marks the lines that differ. A
// throw (a starter's TODO) is printed with the learner's file and line, ends that example
// only, and the next example runs: the point is to see which parts work, not to stop at
// the first that does not.
import { inspect, isDeepStrictEqual } from 'node:util';
import { thrownAt } from './where.js';

/** Ends each line whose value is not the README's; the tests look for it. */
export const DIFFERS_MARK = '← not what the README says';
/** Starts each line that differs or threw, so the eye finds them in a long run. */
export const FAILED_PREFIX = '✗ ';
const OK_PREFIX = '  ';

/** A step that has not settled by then is reported, so that a hung promise cannot hang the run. */
const STEP_BOUND_MS = 3_000;

/** How a step ended: with a value, or with an error. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What the README says a step gives: its text, as the README writes it, and a test of the outcome. */
export interface Expected {
  readme: string;
  holds: (outcome: Outcome) => boolean;
  /** Whether an error is the README's answer (a QueueFullError) rather than a failure. */
  expectsError?: boolean;
}

/** The README's value, compared deeply. */
export function value(expected: unknown): Expected {
  return { readme: show(expected), holds: (outcome) => outcome.ok && isDeepStrictEqual(outcome.value, expected) };
}

/** A value the README describes rather than prints ("a UUID", "no orderId"). */
export function like(readme: string, test: (actual: unknown) => boolean): Expected {
  return { readme, holds: (outcome) => outcome.ok && test(outcome.value) };
}

/** A rejection (or throw) the README expects, such as QueueFullError. */
export function throws(readme: string, test: (error: unknown) => boolean): Expected {
  return { readme, holds: (outcome) => !outcome.ok && test(outcome.error), expectsError: true };
}

export interface Steps {
  /**
   * Runs a step whose result the README does not print (a set-up); a throw ends the example.
   * A promise it returns is awaited: a job the example settles later goes through `start`.
   */
  run<T>(label: string, action: () => T | Promise<T>): Promise<T>;
  /** Starts a step that gives a promise the example settles later (a job): only a throw is waited for. */
  start<T>(label: string, action: () => T): T;
  /** Runs a step and prints its result beside the README's; a throw nobody expected ends the example. */
  check<T>(label: string, action: () => T | Promise<T>, expected: Expected, options?: StepOptions): Promise<T | undefined>;
  /** A line of explanation, as the README's comments give it. */
  note(text: string): void;
}

export interface StepOptions {
  /** How long the step may take before it is reported as hung (a command line needs more than the default). */
  boundMs?: number;
}

/** Thrown to end an example after a step threw: already printed, so only caught. */
class ExampleStopped extends Error {}

export interface ExampleRun {
  /** One README example: `title` names it, `body` runs its steps. */
  example(title: string, body: (steps: Steps) => Promise<void>): Promise<void>;
  /** Prints the count of values that matched, differed or threw; returns it. */
  finish(): Tally;
}

export interface Tally {
  matched: number;
  differed: number;
  threw: number;
}

export function exampleRun(print: (line: string) => void = (line) => console.log(line)): ExampleRun {
  const tally: Tally = { matched: 0, differed: 0, threw: 0 };
  // A rejection the learner's code left unawaited is shown and counted, never a crash.
  process.on('unhandledRejection', (error) => {
    tally.threw += 1;
    print(`${FAILED_PREFIX}an unhandled rejection: ${describe(error)}`);
  });

  const steps: Steps = {
    async run<T>(label: string, action: () => T | Promise<T>): Promise<T> {
      const outcome = await settle(action);
      if (!outcome.ok) stopOn(label, outcome.error);
      print(`${OK_PREFIX}${label}`);
      return outcome.value as T;
    },
    start<T>(label: string, action: () => T): T {
      let result: T;
      try {
        result = action();
      } catch (error) {
        stopOn(label, error);
      }
      print(`${OK_PREFIX}${label}`);
      return result;
    },
    async check<T>(label: string, action: () => T | Promise<T>, expected: Expected, options: StepOptions = {}): Promise<T | undefined> {
      const outcome = await settle(action, options.boundMs);
      if (!outcome.ok && !expected.expectsError) stopOn(label, outcome.error, expected);
      const matches = expected.holds(outcome);
      if (matches) tally.matched += 1;
      else tally.differed += 1;
      // Where an expected error was thrown is no news; where an unexpected one was, is.
      const shown = outcome.ok ? show(outcome.value) : `throws ${matches ? errorLine(outcome.error) : describe(outcome.error)}`;
      const [code, comment] = splitComment(label);
      print(`${matches ? OK_PREFIX : FAILED_PREFIX}${code} → ${shown}   (README: ${expected.readme})${comment}${matches ? '' : `   ${DIFFERS_MARK}`}`);
      return outcome.ok ? (outcome.value as T) : undefined;
    },
    note(text) {
      print(`${OK_PREFIX}// ${text}`);
    },
  };

  function stopOn(label: string, error: unknown, expected?: Expected): never {
    tally.threw += 1;
    const [code, comment] = splitComment(label);
    print(`${FAILED_PREFIX}${code} threw ${describe(error)}${expected ? `   (README: ${expected.readme})` : ''}${comment}`);
    print(`${OK_PREFIX}(the rest of this example builds on that step: on to the next example)`);
    throw new ExampleStopped();
  }

  return {
    async example(title, body) {
      print(`\n${title}`);
      try {
        await body(steps);
      } catch (error) {
        if (error instanceof ExampleStopped) return;
        // A throw outside any step (in the example's own glue) is still the learner's to see.
        tally.threw += 1;
        print(`${FAILED_PREFIX}the example stopped: ${describe(error)}`);
      }
    },
    finish() {
      const { matched, differed, threw } = tally;
      const compared = matched + differed;
      print(`\n${compared} value${compared === 1 ? '' : 's'} compared with the README: ${matched} as it says, ${differed} different; ${threw} step${threw === 1 ? '' : 's'} threw.`);
      return tally;
    },
  };
}

/** Runs the action, a sync throw counting as a rejection; bounded so a promise that never settles is reported. */
async function settle(action: () => unknown, boundMs = STEP_BOUND_MS): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: new Error(`did not settle within ${boundMs / 1000} s`) }), boundMs);
  });
  try {
    return await Promise.race([
      (async (): Promise<Outcome> => {
        try {
          return { ok: true, value: await action() };
        } catch (error) {
          return { ok: false, error };
        }
      })(),
      bound,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A value as the README writes values: single-quoted strings, on one line. */
export function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Infinity, compact: true });
}

/** An error's class, message and, when it came from the learner's code, the file and line. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${errorLine(error)}${thrownAt(error)}` : show(error);
}

function errorLine(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : show(error);
}

/** A label's `// comment` goes after the values, where the README writes it. */
function splitComment(label: string): [string, string] {
  const at = label.indexOf('   // ');
  return at < 0 ? [label, ''] : [label.slice(0, at), `   ${label.slice(at + 3)}`];
}

/** What `atOnce` gives for a promise still pending. */
export const WAITING = '(still waiting)';

/** What a promise has done once everything already queued has run: a README's "at once". */
export async function atOnce<T>(promise: Promise<T>): Promise<T | typeof WAITING> {
  let outcome: { value: T } | { error: unknown } | undefined;
  promise.then(
    (value) => void (outcome = { value }),
    (error: unknown) => void (outcome = { error }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  if (outcome === undefined) return WAITING;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
