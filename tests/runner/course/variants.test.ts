import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleVariant, assembledVariant, sourceNames, sourceOf, variantDir, variantFiles, type RoledExercise } from '../../../runner/course/variants.js';

let root: string;
let exercise: RoledExercise & { folder: string };

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

function read(dir: string, name: string): string {
  return readFileSync(path.join(dir, name), 'utf8');
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'katas-variants-'));
  exercise = {
    folder: '03-crud',
    files: ['src/products.ts', 'src/nested/listing.ts'],
    given: ['src/db.ts'],
    starterDir: path.join(root, 'exercises', '03-crud', 'starter'),
    solutionDir: path.join(root, 'solutions', '03-crud'),
  };
  write('exercises/03-crud/starter/products.ts', 'starter products\n');
  write('exercises/03-crud/starter/nested/listing.ts', 'starter listing\n');
  write('exercises/03-crud/starter/db.ts', 'given db\n');
  write('solutions/03-crud/products.ts', 'solution products\n');
  write('solutions/03-crud/nested/listing.ts', 'solution listing\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('variantFiles', () => {
  it('takes learner files from the variant\'s own folder and given files from starter/', () => {
    expect(variantFiles(exercise, 'solution')).toEqual([
      { name: 'products.ts', role: 'learner', source: path.join(exercise.solutionDir, 'products.ts') },
      { name: 'nested/listing.ts', role: 'learner', source: path.join(exercise.solutionDir, 'nested/listing.ts') },
      { name: 'db.ts', role: 'given', source: path.join(exercise.starterDir, 'db.ts') },
    ]);
    expect(variantFiles(exercise, 'starter').map((file) => file.source)).toEqual(
      ['products.ts', 'nested/listing.ts', 'db.ts'].map((name) => path.join(exercise.starterDir, name)),
    );
  });

  it('names every file of src/, the learner\'s first', () => {
    expect(sourceNames(exercise)).toEqual(['products.ts', 'nested/listing.ts', 'db.ts']);
  });
});

describe('assembleVariant', () => {
  it('puts the solution together: its own learner files beside the starter\'s given files', () => {
    const dir = assembleVariant(exercise, 'solution', path.join(root, 'out'));
    expect(read(dir, 'products.ts')).toBe('solution products\n');
    expect(read(dir, 'nested/listing.ts')).toBe('solution listing\n');
    expect(read(dir, 'db.ts'), 'a given file has one source, the starter').toBe('given db\n');
  });

  it('leaves exactly the variant\'s files: a file left from an earlier assembly is removed', () => {
    const dir = path.join(root, 'out');
    write('out/renamed-since.ts', 'stale\n');
    assembleVariant(exercise, 'starter', dir);
    expect(existsSync(path.join(dir, 'renamed-since.ts'))).toBe(false);
    expect(read(dir, 'products.ts')).toBe('starter products\n');
  });

  it('does not rewrite a file whose content is already right, and rewrites one that changed', () => {
    const dir = assembleVariant(exercise, 'solution', path.join(root, 'out'));
    const past = new Date(2000, 0, 1);
    const db = path.join(dir, 'db.ts');
    utimesSync(db, past, past);
    write('solutions/03-crud/products.ts', 'edited products\n');
    assembleVariant(exercise, 'solution', dir);
    expect(read(dir, 'products.ts')).toBe('edited products\n');
    expect(statSync(db).mtime.getTime(), 'an unchanged file is not written again').toBe(past.getTime());
  });

  it('skips a source that is missing, so the structure check can name it instead of a crash', () => {
    rmSync(path.join(exercise.solutionDir, 'products.ts'));
    const dir = assembleVariant(exercise, 'solution', path.join(root, 'out'));
    expect(existsSync(path.join(dir, 'products.ts'))).toBe(false);
    expect(read(dir, 'db.ts')).toBe('given db\n');
  });
});

describe('assembledVariant and sourceOf', () => {
  it('assembles under .katas/variants/<folder>/<variant>, and maps a path there back to the file an author edits', () => {
    const dir = assembledVariant(root, exercise, 'solution');
    expect(dir).toBe(variantDir(root, exercise, 'solution'));
    expect(dir).toBe(path.join(root, '.katas', 'variants', '03-crud', 'solution'));
    expect(sourceOf(exercise, 'solution', dir, path.join(dir, 'products.ts'))).toBe(path.join(exercise.solutionDir, 'products.ts'));
    expect(sourceOf(exercise, 'solution', dir, path.join(dir, 'nested', 'listing.ts'))).toBe(path.join(exercise.solutionDir, 'nested', 'listing.ts'));
    expect(sourceOf(exercise, 'solution', dir, path.join(dir, 'db.ts'))).toBe(path.join(exercise.starterDir, 'db.ts'));
    expect(sourceOf(exercise, 'solution', dir, path.join(root, 'elsewhere.ts')), 'a path outside the variant is left alone').toBe(path.join(root, 'elsewhere.ts'));
  });
});
