// Mutants are unified diffs against the reference solution (tests/mutants/<folder>/
// <name>.patch, made with `diff -u`), so a change to the solution that breaks one is
// reported instead of silently testing stale code. Each is applied to a freshly
// assembled solution (its learner files and the given files beside them), in a copy of
// the exercise of its own (copies.ts).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../commands/types.js';
import path from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import type { Exercise } from '../course/exercise.js';
import { assembleVariant } from '../course/variants.js';
import { makeCopy } from './copies.js';

export interface Mutant {
  name: string;
  description: string;
  /** The mutated copy of the solution folder: the src/ of `exercise`. */
  dir: string;
  /** The exercise as seen from the mutant's copy (copies.ts). */
  exercise: Exercise;
  /** The files its patch changes, relative to that folder: only tests that reach them can catch it. */
  files: string[];
}

/** A broken mutant is an author's input error: one line and exit code 2, as any other. */
export class MutantError extends UsageError {}

export function listMutantFiles(exercise: Exercise): string[] {
  if (!existsSync(exercise.mutantsDir)) return [];
  return readdirSync(exercise.mutantsDir)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => path.join(exercise.mutantsDir, name));
}

/** Writes every mutant of the exercise into a copy of its own; a patch that no longer applies is an error. */
export function materialiseMutants(root: string, exercise: Exercise): { mutants: Mutant[]; errors: string[] } {
  const mutants: Mutant[] = [];
  const errors: string[] = [];
  for (const file of listMutantFiles(exercise)) {
    const name = path.basename(file, '.patch');
    try {
      let applied = { description: '', files: [] as string[] };
      const copy = makeCopy(root, exercise, `mutant.${name}`, (dir) => {
        applied = applyMutant(exercise, readFileSync(file, 'utf8'), dir, name);
      });
      mutants.push({ name, dir: copy.srcDir, exercise: copy, ...applied });
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return { mutants, errors };
}

function applyMutant(exercise: Exercise, text: string, dir: string, name: string): { description: string; files: string[] } {
  const patches = parsePatch(text).filter((patch) => patch.hunks.length > 0);
  if (patches.length === 0) throw new MutantError(`mutant ${name}: the patch changes nothing`);
  mkdirSync(dir, { recursive: true });
  assembleVariant(exercise, 'solution', dir);
  const files = patches.map((patch) => stripPrefix(patch.newFileName ?? patch.oldFileName ?? ''));
  patches.forEach((patch, index) => {
    const target = path.join(dir, files[index] ?? '');
    if (!existsSync(target)) throw new MutantError(`mutant ${name}: it patches ${patch.oldFileName}, which the solution does not have`);
    const patched = applyPatch(readFileSync(target, 'utf8'), patch);
    if (patched === false) throw new MutantError(`mutant ${name}: the patch no longer applies to the solution; make it again with diff -u`);
    writeFileSync(target, patched);
  });
  return { description: describe(text), files };
}

/** `a/router.ts` or `b/router.ts` → `router.ts`. */
function stripPrefix(file: string): string {
  return file.replace(/^[ab]\//, '');
}

/** The text before the diff: the mistake the mutant stands for. */
function describe(text: string): string {
  const head = text.split(/\r?\n(?=--- )/)[0] ?? '';
  return head.startsWith('--- ') ? '' : head.trim().replace(/\s+/g, ' ');
}
