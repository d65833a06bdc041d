// An exercise resolved against the repository: absolute paths, derived names.
import type { ExerciseInfo } from './manifest.js';

export interface Exercise extends ExerciseInfo {
  /** `exercise-01`: derived from `order`, so renumbering needs no runner change. */
  id: string;
  /** The folder name under exercises/ and solutions/, e.g. `01-routing`. */
  folder: string;
  dir: string;
  /** The learner's working copy. */
  srcDir: string;
  /** The pristine starter: `npm run reset` and the self-check read it, edits never touch it. */
  starterDir: string;
  solutionDir: string;
  mutantsDir: string;
  readmeFile: string;
  hintsFile: string;
  /** Absolute paths of the test files. */
  testFiles: string[];
}

export function exerciseId(order: number): string {
  return `exercise-${String(order).padStart(2, '0')}`;
}
