import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileRoleProblems } from '../../../runner/selfcheck/structure.js';

let root: string;
const exercise = () => ({
  folder: '03-crud',
  files: ['src/products.ts'],
  given: ['src/db.ts'],
  starterDir: path.join(root, 'exercises', '03-crud', 'starter'),
  solutionDir: path.join(root, 'solutions', '03-crud'),
});

function write(file: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), '// a file\n');
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'katas-structure-'));
  write('exercises/03-crud/starter/products.ts');
  write('exercises/03-crud/starter/db.ts');
  write('solutions/03-crud/products.ts');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('fileRoleProblems', () => {
  it('accepts a learner file with a starter and a solution, and a given file with a starter only', () => {
    expect(fileRoleProblems(exercise())).toEqual([]);
  });

  it('names a learner file without its starter or its solution, and says where to write it', () => {
    rmSync(path.join(root, 'exercises/03-crud/starter/products.ts'));
    rmSync(path.join(root, 'solutions/03-crud/products.ts'));
    expect(fileRoleProblems(exercise())).toEqual([
      "starter/products.ts is missing: write the learner file's starter there (exercise.json files lists src/products.ts)",
      'solutions/03-crud/products.ts is missing: write the reference solution of src/products.ts there',
    ]);
  });

  it('names a given file without its starter', () => {
    rmSync(path.join(root, 'exercises/03-crud/starter/db.ts'));
    expect(fileRoleProblems(exercise())).toEqual(['starter/db.ts is missing: a given file lives in starter/ (exercise.json given lists src/db.ts)']);
  });

  it('refuses a second copy of a given file in solutions/, once: one source per file', () => {
    write('solutions/03-crud/db.ts');
    expect(fileRoleProblems(exercise())).toEqual(['solutions/03-crud/db.ts copies a given file: delete it, the solution takes starter/db.ts']);
  });

  it('names a starter file and a solution file that have no role, nested ones with their folder', () => {
    write('exercises/03-crud/starter/helpers/extra.ts');
    write('solutions/03-crud/notes.md');
    expect(fileRoleProblems(exercise())).toEqual([
      'starter/helpers/extra.ts has no role: list src/helpers/extra.ts in exercise.json files (the learner\'s) or given, or delete it',
      'solutions/03-crud/notes.md is not a learner file: list src/notes.md in exercise.json files, or delete it',
    ]);
  });
});
