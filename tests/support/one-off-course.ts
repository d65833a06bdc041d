// A course copy holding exercises written for one test (a file that fails, a file that
// leaks an interval), with its runner compiled, for tests that drive the runner's modules
// in a child process the way the self-check or watch mode drives them.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { makeCourseCopy } from '../../runner/course/course-copy.js';
import { fixtureRoot, repoRoot } from './course-copy.js';

export interface OneOffExercise {
  /** `NN-slug`: the folder under exercises/. */
  folder: string;
  /** Test files by name (under tests/), with their text. */
  tests: Record<string, string>;
  /** Task titles, numbered from 1. */
  tasks: string[];
}

export interface OneOffCourse {
  root: string;
  /** A compiled runner module's file URL, JSON-quoted for an import in a script: `compiled('check/test-run.js')`. */
  compiled: (file: string) => string;
  /** Runs an ES module script in the course, and returns what it wrote to standard output. */
  runScript: (script: string) => Promise<string>;
  remove: () => void;
}

export async function oneOffCourse(exercises: readonly OneOffExercise[]): Promise<OneOffCourse> {
  const root = makeCourseCopy(repoRoot, fixtureRoot, []);
  for (const exercise of exercises) writeExercise(root, exercise);
  // Compiles the copy's runner.
  await execa(process.execPath, [path.join(root, 'runner', 'bin.mjs'), 'list'], { cwd: root });
  return {
    root,
    compiled: (file) => JSON.stringify(pathToFileURL(path.join(root, '.katas', 'runner', file)).href),
    runScript: async (script) => (await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 90_000 })).stdout,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function writeExercise(root: string, { folder, tests, tasks }: OneOffExercise): void {
  const dir = path.join(root, 'exercises', folder);
  mkdirSync(path.join(dir, 'tests'), { recursive: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'x.ts'), 'export const x = 1;\n');
  const manifest = {
    order: Number(folder.slice(0, 2)),
    slug: folder.slice(3),
    title: folder,
    files: ['src/x.ts'],
    tests: Object.keys(tests).map((file) => `tests/${file}`),
    tasks: tasks.map((title, index) => ({ number: index + 1, title, points: 1 })),
  };
  writeFileSync(path.join(dir, 'exercise.json'), JSON.stringify(manifest));
  for (const [file, text] of Object.entries(tests)) writeFileSync(path.join(dir, 'tests', file), text);
}
