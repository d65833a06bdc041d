// The one place that puts an exercise's variants together from its files' roles
// (exercise.json `files` and `given`). Every file has one source: a learner file comes
// from the variant's own folder (starter/ or solutions/NN-slug/), a given file always
// from starter/, which is the pristine copy of src/. The self-check, the editor's
// KATAS_VARIANT, mutants, reset and the benchmarks all assemble through here.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from './exercise.js';

export type Variant = 'starter' | 'solution';

export type FileRole = 'learner' | 'given';

export type RoledExercise = Pick<Exercise, 'files' | 'given' | 'starterDir' | 'solutionDir'>;

export interface VariantFile {
  /** Relative to the sources folder (src/ or a copy of it), e.g. `db.ts`. */
  name: string;
  role: FileRole;
  /** Absolute path of the one file this variant takes it from. */
  source: string;
}

/** `src/db.ts` (as exercise.json writes it) → `db.ts`, its place in any copy of src/. */
export function sourceName(file: string): string {
  return file.replace(/^src[\\/]/, '');
}

/** Every file of src/, the learner's first, then the given ones: what reset restores and a variant holds. */
export function sourceNames(exercise: Pick<Exercise, 'files' | 'given'>): string[] {
  return [...exercise.files, ...exercise.given].map(sourceName);
}

/** Where each of a variant's files comes from. */
export function variantFiles(exercise: RoledExercise, variant: Variant): VariantFile[] {
  const own = variant === 'starter' ? exercise.starterDir : exercise.solutionDir;
  return [
    ...exercise.files.map((file): VariantFile => ({ name: sourceName(file), role: 'learner', source: path.join(own, sourceName(file)) })),
    ...exercise.given.map((file): VariantFile => ({ name: sourceName(file), role: 'given', source: path.join(exercise.starterDir, sourceName(file)) })),
  ];
}

/**
 * Writes the variant into `intoDir` and removes anything else there, so the folder holds
 * exactly the variant's files. A file is rewritten only when its content differs: an
 * editor's vitest and a self-check may assemble the same folder at the same time, and an
 * unchanged file must not flicker. A missing source is skipped, not thrown: the
 * self-check's structure check names it, and the editor's config must still load.
 */
export function assembleVariant(exercise: RoledExercise, variant: Variant, intoDir: string): string {
  const files = variantFiles(exercise, variant).filter((file) => existsSync(file.source));
  const wanted = new Set(files.map((file) => path.join(intoDir, file.name)));
  for (const stale of listFiles(intoDir).filter((file) => !wanted.has(file))) rmSync(stale, { force: true });
  for (const file of files) {
    const target = path.join(intoDir, file.name);
    const content = readFileSync(file.source);
    if (existsSync(target) && readFileSync(target).equals(content)) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return intoDir;
}

/** Where a variant is assembled for runs that need it as a folder (the self-check, the editor). */
export function variantDir(root: string, exercise: Pick<Exercise, 'folder'>, variant: Variant): string {
  return path.join(root, '.katas', 'variants', exercise.folder, variant);
}

/** The variant assembled in its usual place; returns that folder. */
export function assembledVariant(root: string, exercise: RoledExercise & Pick<Exercise, 'folder'>, variant: Variant): string {
  return assembleVariant(exercise, variant, variantDir(root, exercise, variant));
}

/**
 * The file an author edits for a path inside an assembled variant (a type error or a
 * static rule's finding there is shown at its source); other paths come back unchanged.
 */
export function sourceOf(exercise: RoledExercise, variant: Variant, assembledDir: string, file: string): string {
  const relative = path.relative(assembledDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return variantFiles(exercise, variant).find((item) => item.name === relative.split(path.sep).join('/') || item.name === relative)?.source ?? file;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}
