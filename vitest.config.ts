// The editor's view of the course: a vitest extension finds every exercise's tests here.
// `npm run check` does not read this file; it builds the same settings in runner/vitest.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { loadCourse } from './runner/course/discover.js';
import { exerciseTestConfig, variantRedirects } from './runner/vitest/settings.js';

const root = path.dirname(fileURLToPath(import.meta.url));
// One project for every exercise, so allow the longest test timeout any exercise sets.
const testTimeoutMs = Math.max(...loadCourse(root).map((exercise) => exercise.limits.testTimeoutMs));
// KATAS_SEED=<seed> replays a randomised run. Read here, in the main process, so that code
// under test cannot change it; without it each test file draws its own seed.
const seed = Number(process.env.KATAS_SEED);
const provide = Number.isInteger(seed) && seed > 0 ? { provide: { katasSeed: seed } } : {};

export default defineConfig({
  plugins: [variantRedirects(root, process.env.KATAS_VARIANT)],
  test: {
    projects: [
      { extends: true, test: { name: 'exercises', ...exerciseTestConfig(root, { testTimeoutMs }), ...provide, include: ['exercises/*/tests/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'framework',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/fixtures/**'],
          // End-to-end tests start whole checks, whose verdicts come later on a busy machine
          // (limits count the code's own time, not the wall's): a wide bound, never a verdict.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // The end-to-end tests start whole checks, each with its own vitest workers:
          // one file at a time keeps a 2-core machine from starving them into false hangs.
          fileParallelism: false,
        },
      },
    ],
  },
});
