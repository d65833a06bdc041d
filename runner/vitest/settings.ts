// Test settings shared by the editor's config (vitest.config.ts), `npm run check`
// and the self-check, so that all three run an exercise's tests the same way.
import path from 'node:path';
import type { Plugin } from 'vite';
import { loadCourse } from '../course/discover.js';
import { assembledVariant } from '../course/variants.js';
import { redirectSources, type Redirect } from './redirect-sources.js';

/** The file every exercise test file runs first: it reports servers left listening. */
export function guardFile(root: string): string {
  return path.join(root, 'runner', 'kit', 'guard.ts');
}

export interface ExerciseTestLimits {
  testTimeoutMs?: number;
}

/**
 * `watched`: the runner's watchdog times the tests on a fair clock (runner/check/watchdog.ts),
 * so vitest's wall-clock timeouts, which a busy machine trips for correct code, are off.
 * An editor running the tests has no watchdog and keeps them.
 */
export function exerciseTestConfig(root: string, limits: ExerciseTestLimits = {}, { watched = false } = {}) {
  return {
    setupFiles: [guardFile(root)],
    testTimeout: watched ? 0 : (limits.testTimeoutMs ?? 5_000),
    hookTimeout: watched ? 0 : Math.max(limits.testTimeoutMs ?? 5_000, 15_000),
    // A deliberately fixed order: a learner's failure must look the same on every run.
    sequence: { shuffle: false },
  };
}

/**
 * For authors: KATAS_VARIANT=solution (or starter) runs every exercise's tests
 * against the reference solution (or the pristine starter) instead of src/;
 * KATAS_VARIANT=<absolute folder> uses <folder>/<NN-slug> for each exercise.
 * solutions/ holds only the learner's files, so a variant is assembled with its given
 * files (under .katas/variants/) each time the config loads: an edit to the solution
 * shows in the next run started, not in a vitest watch already running on the copy.
 */
export function variantRedirects(root: string, variant: string | undefined): Plugin[] {
  if (!variant) return [];
  const redirects: Redirect[] = loadCourse(root).map((exercise) => ({
    from: exercise.srcDir,
    to: variant === 'starter' || variant === 'solution' ? assembledVariant(root, exercise, variant) : path.join(path.resolve(variant), exercise.folder),
  }));
  return [redirectSources(redirects)];
}
