// From a saved file to the verdict on screen, in watch mode: the benchmark runs watch in
// a pseudo-terminal (util-linux `script`), saves the learner's file, and reads the
// screen as it streams until the next run's verdict appears.
import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import type { Exercise } from '../course/exercise.js';
import { makeCourseCopy } from '../course/course-copy.js';
import { assembleVariant } from '../course/variants.js';
import { stripSrc } from '../check/static-rules.js';

export const NEEDS_SCRIPT = 'the watch benchmark needs util-linux `script` to give watch a terminal (Linux); skipped';

export async function hasScript(): Promise<boolean> {
  return (await execa('script', ['--version'], { reject: false })).exitCode === 0;
}

/**
 * Milliseconds from each save to its verdict on screen, with the reference solution in
 * place. `pauseMs` is the time between a verdict and the next save: 0 saves again the
 * moment a verdict appears; a learner reading the screen takes a second or more.
 */
export async function measureWatch(root: string, exercise: Exercise, saves: number, pauseMs: number): Promise<number[]> {
  const copy = makeCourseCopy(root, root, [exercise.folder]);
  const learnerFile = path.join(copy, 'exercises', exercise.folder, 'src', stripSrc(exercise.files[0] ?? ''));
  assembleVariant(exercise, 'solution', path.join(copy, 'exercises', exercise.folder, 'src'));
  const child = execa('script', ['-qfec', `node runner/bin.mjs watch ${exercise.id}`, '/dev/null'], { cwd: copy, env: { NO_COLOR: '1' }, reject: false, stdin: 'pipe' });
  let screen = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    for (const waiter of waiters.splice(0)) {
      if (waiter.pattern.test(screen)) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  const waitFor = (pattern: RegExp) => new Promise<void>((resolve) => (pattern.test(screen) ? resolve() : waiters.push({ pattern, resolve })));
  try {
    await waitFor(/run 1 · (pass|fail)/);
    const times: number[] = [];
    for (let save = 2; save <= saves + 1; save += 1) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      screen = '';
      const started = performance.now();
      appendFileSync(learnerFile, `\n// save ${save}\n`);
      await waitFor(new RegExp(`run ${save} · (pass|fail)`));
      times.push(Math.round(performance.now() - started));
    }
    return times;
  } finally {
    child.stdin?.write('q');
    child.kill();
    await child.catch(() => undefined);
    rmSync(copy, { recursive: true, force: true });
  }
}
