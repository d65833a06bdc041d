// What counts as an exercise left exactly as handed out: every file grading takes from the
// learner (all but tests/ and the manifest) byte for byte, and nothing but plain files.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exerciseFingerprint, untouchedFolders } from '../../../runner/grade/untouched.js';
import { fixtureRoot } from '../../support/course-copy.js';

const FOLDER = '01-greet';
let dir: string;
let pristine: string;
let learner: string;

function checkout(name: string): string {
  const root = path.join(dir, name);
  cpSync(path.join(fixtureRoot, 'exercises', FOLDER), path.join(root, 'exercises', FOLDER), { recursive: true });
  return root;
}

const fileOf = (root: string, ...parts: string[]) => path.join(root, 'exercises', FOLDER, ...parts);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'katas-untouched-'));
  pristine = checkout('pristine');
  learner = checkout('learner');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('exerciseFingerprint', () => {
  it('is the same for a copy as handed out, whatever the learner did to its tests, manifest or caches', () => {
    appendFileSync(fileOf(learner, 'tests', 'greet.test.ts'), '\n// edited\n');
    appendFileSync(fileOf(learner, 'exercise.json'), '\n');
    mkdirSync(fileOf(learner, 'node_modules'));
    writeFileSync(fileOf(learner, 'node_modules', 'x.js'), '');
    expect(exerciseFingerprint(learner, FOLDER)).toBe(exerciseFingerprint(pristine, FOLDER));
  });

  it('changes with any byte of the code or the notes, and with a file added or renamed', () => {
    const base = exerciseFingerprint(pristine, FOLDER);
    appendFileSync(fileOf(learner, 'README.md'), ' ');
    expect(exerciseFingerprint(learner, FOLDER)).not.toBe(base);
    const added = checkout('added');
    writeFileSync(fileOf(added, 'src', 'extra.ts'), '');
    expect(exerciseFingerprint(added, FOLDER)).not.toBe(base);
    const emptied = checkout('emptied');
    writeFileSync(fileOf(emptied, 'src', 'greet.ts'), '');
    expect(exerciseFingerprint(emptied, FOLDER)).not.toBe(base);
  });

  it('is undefined for a missing folder, a link, or a named pipe (which would block whoever reads it)', () => {
    expect(exerciseFingerprint(learner, '02-missing')).toBeUndefined();
    symlinkSync(fileOf(pristine, 'src', 'greet.ts'), fileOf(learner, 'src', 'linked.ts'));
    expect(exerciseFingerprint(learner, FOLDER)).toBeUndefined();
    if (process.platform === 'win32') return;
    const piped = checkout('piped');
    execFileSync('mkfifo', [fileOf(piped, 'src', 'pipe.ts')]);
    expect(exerciseFingerprint(piped, FOLDER)).toBeUndefined();
  });
});

describe('untouchedFolders', () => {
  it('names the folders whose fingerprint is the one graded once', () => {
    const fingerprint = exerciseFingerprint(pristine, FOLDER) as string;
    const results = { [FOLDER]: { fingerprint, exercise: {} as never } };
    expect([...untouchedFolders(learner, results, [FOLDER])]).toEqual([FOLDER]);
    appendFileSync(fileOf(learner, 'src', 'greet.ts'), '\n');
    expect([...untouchedFolders(learner, results, [FOLDER])]).toEqual([]);
  });
});
