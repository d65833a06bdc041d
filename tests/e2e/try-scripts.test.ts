// npm run try on the exercises without a server of their own (06, 09, 10), end to end in
// a temporary copy of the course: the entry runs the README's examples and ends by
// itself. With the reference solution, every value it compares with the README is as the
// README says, and no line is marked; with the starter, it shows a TODO with the learner's
// file and line and still ends on its own, exit code 0. No sleeps: waits poll, each within
// a bound; Ctrl-C ends the runner and nothing is left running.
import { afterEach, describe, expect, it } from 'vitest';
import { DIFFERS_MARK, FAILED_PREFIX } from '../../runner/kit/try-examples.js';
import { pollUntil, startTryRun, stopTryRun, type TryRun } from '../support/try-run.js';

/** tsx, PGlite filling 50,000 rows (06) and a vitest run (09) take seconds alone; a busy 2-core machine, many more. */
const END_BOUND_MS = 240_000;
const ENDED = /— it ended \(exit code (\d+)\)/;
const SUMMARY = /^(\d+) values? compared with the README: (\d+) as it says, (\d+) different; (\d+) steps? threw\.$/m;

const started: TryRun[] = [];
afterEach(async () => {
  for (const run of started.splice(0)) await stopTryRun(run);
});

/** Per exercise: how many README values the solution's run must compare at least, and a TODO of the starter with its file. */
const EXERCISES = [
  { folder: '06-performance', atLeast: 30, todo: 'TODO: task 1', file: 'exercises/06-performance/src/lru-cache.ts' },
  { folder: '09-debugging', atLeast: 40, todo: 'TODO: task 1', file: 'exercises/09-debugging/src/logger.ts' },
  { folder: '10-architecture', atLeast: 40, todo: 'TODO: task 4', file: 'exercises/10-architecture/src/service.ts' },
] as const;

describe('npm run try on the exercises without a server', () => {
  it.each(EXERCISES.map((exercise) => [exercise.folder, exercise] as const))('%s, with the reference solution, prints every README value as the README says and ends by itself', async (folder, { atLeast }) => {
    const run = startTry(folder, { solution: true });
    const output = await endOf(run);
    const summary = SUMMARY.exec(output);
    expect(summary, `no summary line:\n${output}`).not.toBeNull();
    const [, compared, matched, different, threw] = (summary ?? []).map(Number);
    expect(output, 'a line is marked as not what the README says').not.toContain(DIFFERS_MARK);
    expect(output.split('\n').filter((line) => line.startsWith(FAILED_PREFIX)), output).toEqual([]);
    expect({ matched, different, threw }, output).toEqual({ matched: compared, different: 0, threw: 0 });
    expect(compared, output).toBeGreaterThanOrEqual(atLeast);
    // Each compared value is printed beside the README's.
    expect(output.match(/\(README: /g)?.length, output).toBe(compared);
  });

  it.each(EXERCISES.map((exercise) => [exercise.folder, exercise] as const))('%s, with the starter, shows the TODO with the learner’s file and line and still ends by itself', async (folder, { todo, file }) => {
    const run = startTry(folder, { solution: false });
    const output = await endOf(run);
    const line = output.split('\n').find((text) => text.includes(todo));
    expect(line, output).toBeDefined();
    expect(line, output).toMatch(new RegExp(`\\(at ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+\\)`));
    expect(line?.startsWith(FAILED_PREFIX), output).toBe(true);
    expect(SUMMARY.exec(output), `the run stopped before its summary:\n${output}`).not.toBeNull();
  });
});

function startTry(folder: string, options: { solution: boolean }): TryRun {
  const run = startTryRun(folder, options);
  started.push(run);
  return run;
}

/** The output once the entry has ended by itself (the runner then waits for a save), exit code 0. */
async function endOf(run: TryRun): Promise<string> {
  const ended = await pollUntil(() => ENDED.test(run.output()), END_BOUND_MS);
  expect(ended, `the try entry did not end by itself:\n${run.output()}`).toBe(true);
  expect(ENDED.exec(run.output())?.[1], `the try entry crashed:\n${run.output()}`).toBe('0');
  return run.output();
}
