// Test settings shared by the editor's config (vitest.config.ts), `npm run check`
// and the self-check, so that all three run an exercise's tests the same way.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { redirectSources, type Redirect } from './redirect-sources.js';

/** The file every exercise test file runs first: it reports servers left listening. */
export function guardFile(root: string): string {
  return path.join(root, 'runner', 'kit', 'guard.ts');
}

export interface ExerciseTestLimits {
  testTimeoutMs?: number;
}

export function exerciseTestConfig(root: string, limits: ExerciseTestLimits = {}) {
  return {
    setupFiles: [guardFile(root)],
    testTimeout: limits.testTimeoutMs ?? 5_000,
    hookTimeout: Math.max(limits.testTimeoutMs ?? 5_000, 15_000),
    // A deliberately fixed order: a learner's failure must look the same on every run.
    sequence: { shuffle: false },
  };
}

/**
 * For authors: KATAS_VARIANT=solution (or starter) runs every exercise's tests
 * against the reference solution (or the pristine starter) instead of src/;
 * KATAS_VARIANT=<absolute folder> uses <folder>/<NN-slug> for each exercise.
 */
export function variantRedirects(root: string, variant: string | undefined): Plugin[] {
  if (!variant) return [];
  const target = (folder: string): string => {
    if (variant === 'starter') return path.join(root, 'exercises', folder, 'starter');
    if (variant === 'solution') return path.join(root, 'solutions', folder);
    return path.join(path.resolve(variant), folder);
  };
  const redirects: Redirect[] = readdirSync(path.join(root, 'exercises'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ from: path.join(root, 'exercises', entry.name, 'src'), to: target(entry.name) }));
  return [redirectSources(redirects)];
}
