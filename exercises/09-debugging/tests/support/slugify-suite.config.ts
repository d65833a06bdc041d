// A vitest of its own for the learner's tests of slugify() (task 4).
//
// Alone, it runs src/slugify.test.ts against src/slugify.ts, from a terminal:
//   node_modules/.bin/vitest run --config exercises/09-debugging/tests/support/slugify-suite.config.ts
// Task 4 passes `--root <folder>` instead: one sub-folder per version of slugify.ts, each
// holding a copy of the suite next to that version, so one start-up runs them all.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `--root` on the command line takes the place of this one.
  root: fileURLToPath(new URL('../../src', import.meta.url)),
  test: {
    include: ['**/slugify.test.ts'],
    pool: 'threads',
    // One worker runs the copies one after the other. Each copy has its own path, so its
    // own modules; a fresh worker for each file would cost a start-up each.
    isolate: false,
    maxWorkers: 1,
    // slugify() is synchronous: a test that needs more than this is stuck.
    testTimeout: 2_000,
    // What one copy of the suite changes must not leak into the next one.
    restoreMocks: true,
    unstubGlobals: true,
    unstubEnvs: true,
    // No results cache: it would be written into src/node_modules/.
    cache: false,
  },
});
