// Mutants are unified diffs against the reference solution (tests/mutants/<folder>/
// <name>.patch, made with `diff -u`), so a change to the solution that breaks one is
// reported instead of silently testing stale code. Each is applied to a fresh copy.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import type { Exercise } from '../course/exercise.js';
import { cacheDir } from '../paths.js';

export interface Mutant {
  name: string;
  description: string;
  /** The mutated copy of the solution folder. */
  dir: string;
}

export class MutantError extends Error {}

export function listMutantFiles(exercise: Exercise): string[] {
  if (!existsSync(exercise.mutantsDir)) return [];
  return readdirSync(exercise.mutantsDir)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => path.join(exercise.mutantsDir, name));
}

/** Writes every mutant of the exercise under the cache; a patch that no longer applies is an error. */
export function materialiseMutants(root: string, exercise: Exercise): { mutants: Mutant[]; errors: string[] } {
  const base = cacheDir(root, 'mutants', exercise.folder);
  rmSync(base, { recursive: true, force: true });
  const mutants: Mutant[] = [];
  const errors: string[] = [];
  for (const file of listMutantFiles(exercise)) {
    const name = path.basename(file, '.patch');
    try {
      const dir = path.join(base, name);
      mutants.push({ name, description: applyMutant(exercise.solutionDir, readFileSync(file, 'utf8'), dir, name), dir });
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return { mutants, errors };
}

function applyMutant(solutionDir: string, text: string, dir: string, name: string): string {
  const patches = parsePatch(text).filter((patch) => patch.hunks.length > 0);
  if (patches.length === 0) throw new MutantError(`mutant ${name}: the patch changes nothing`);
  mkdirSync(dir, { recursive: true });
  cpSync(solutionDir, dir, { recursive: true });
  for (const patch of patches) {
    const target = path.join(dir, stripPrefix(patch.newFileName ?? patch.oldFileName ?? ''));
    if (!existsSync(target)) throw new MutantError(`mutant ${name}: it patches ${patch.oldFileName}, which the solution does not have`);
    const patched = applyPatch(readFileSync(target, 'utf8'), patch);
    if (patched === false) throw new MutantError(`mutant ${name}: the patch no longer applies to the solution; make it again with diff -u`);
    writeFileSync(target, patched);
  }
  return describe(text);
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
