// The temporary copy grading runs in: the learner's exercise folders (their code), the
// pristine course files over them (tests, manifests, runner, configuration), the
// instructor's hidden tests, and the grading repository's node_modules linked in.
// The learner's repository itself is only read.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MANIFEST } from '../course/discover.js';
import { exerciseFolders } from './course-files.js';
import { addHiddenTests } from './hidden-tests.js';
import type { Pristine } from './pristine.js';

export interface WorkspaceOptions {
  learnerRoot: string;
  /** The repository the runner runs from: its node_modules, and its runner when the pristine copy has none. */
  graderRoot: string;
  pristine: Pristine;
  hiddenDir?: string;
}

export interface Workspace {
  root: string;
  hiddenFiles: string[];
  remove: () => void;
}

/** Never part of a learner's work: installed packages, caches, version control. */
export const NEVER_COPIED = new Set(['node_modules', '.vite', '.git', '.katas']);
const SHARED_FILES = ['runner', 'tsconfig.json', 'package.json'];

export function buildWorkspace({ learnerRoot, graderRoot, pristine, hiddenDir }: WorkspaceOptions): Workspace {
  // The real path: vite reports files by it, and a temporary folder may sit behind a link (macOS).
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'katas-grade-')));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    const folders = gradedFolders(learnerRoot, pristine);
    for (const folder of folders) copyLearnerExercise(path.join(learnerRoot, 'exercises', folder), path.join(root, 'exercises', folder));
    for (const [file, content] of pristine.files) writeInto(root, file, content);
    for (const item of SHARED_FILES) {
      const present = [...pristine.files.keys()].some((file) => file === item || file.startsWith(`${item}/`));
      if (!present) cpSync(path.join(graderRoot, item), path.join(root, item), { recursive: true, filter: (source) => !NEVER_COPIED.has(path.basename(source)) });
    }
    symlinkSync(path.join(graderRoot, 'node_modules'), path.join(root, 'node_modules'), 'junction');
    const hiddenFiles = hiddenDir === undefined ? [] : addHiddenTests(root, path.resolve(hiddenDir), folders);
    return { root, hiddenFiles, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** The pristine course's exercises; the learner's own when there is no pristine copy. */
function gradedFolders(learnerRoot: string, pristine: Pristine): string[] {
  if (pristine.info.kind !== 'working-tree') return exerciseFolders(pristine.files);
  const dir = path.join(learnerRoot, 'exercises');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((folder) => existsSync(path.join(dir, folder, MANIFEST))).sort();
}

/** Everything the learner wrote in the exercise folder; their tests/ and manifest never make it in. */
function copyLearnerExercise(from: string, to: string): void {
  if (!existsSync(from)) return;
  const skipped = new Set([path.join(from, 'tests'), path.join(from, MANIFEST)]);
  cpSync(from, to, { recursive: true, filter: (source) => !skipped.has(source) && !NEVER_COPIED.has(path.basename(source)) });
}

function writeInto(root: string, file: string, content: Buffer): void {
  const target = path.join(root, ...file.split('/'));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}
