// `npm run try` as a learner runs it, for the end-to-end tests: started in a temporary
// copy of the course (with the reference solution in src/ or the starter), its output
// collected, and ended with Ctrl-C, leaving nothing running.
import { execa, type ResultPromise } from 'execa';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { copyCourse, repoRoot, type CourseCopy } from './course-copy.js';
import { leftovers } from './processes.js';

/** The environment variable every process of a run carries, to find what it left behind. */
export const TRY_TAG = 'KATAS_TRY_TEST';

export interface TryRun {
  course: CourseCopy;
  tag: string;
  process: ResultPromise;
  output: () => string;
}

/** Starts `npm run try <folder> [args]` in a fresh copy of the course. */
export function startTryRun(folder: string, { solution, args = [] }: { solution: boolean; args?: string[] }): TryRun {
  const course = copyCourse(repoRoot, [folder]);
  if (solution) {
    for (const file of readdirSync(path.join(course.root, 'solutions', folder))) course.write(`exercises/${folder}/src/${file}`, course.read(`solutions/${folder}/${file}`));
  }
  const tag = `${process.pid}-${folder}-${Date.now()}`;
  const child = execa(process.execPath, [path.join(course.root, 'runner', 'bin.mjs'), 'try', folder, ...args], {
    cwd: course.root,
    reject: false,
    all: true,
    stdin: 'ignore',
    env: { NO_COLOR: '1', [TRY_TAG]: tag },
  });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  return { course, tag, process: child, output: () => output };
}

/** Ctrl-C, as a learner ends it (killing the runner outright would orphan tsx and the program); then nothing of it may be left. */
export async function stopTryRun(run: TryRun): Promise<void> {
  run.process.kill('SIGINT');
  const ended = await Promise.race([run.process.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000).unref())]);
  if (!ended) for (const found of leftovers(TRY_TAG, run.tag)) process.kill(Number(found.split(' ')[0]), 'SIGKILL');
  expect(await pollUntil(() => leftovers(TRY_TAG, run.tag).length === 0), leftovers(TRY_TAG, run.tag).join('\n')).toBe(true);
  run.course.remove();
}

/** Polls `condition` every 100 ms until it holds or `boundMs` passed; its last answer. */
export async function pollUntil(condition: () => boolean | Promise<boolean>, boundMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + boundMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}
