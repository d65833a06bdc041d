// Finds every exercise from its exercise.json and resolves what a learner types
// (`exercise-05`, `05`, `5` or the slug) to one of them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { exerciseId, type Exercise } from './exercise.js';
import { ManifestError, parseManifest } from './manifest.js';

export const MANIFEST = 'exercise.json';

export class UnknownExerciseError extends Error {}

export function loadCourse(root: string): Exercise[] {
  const exercisesDir = path.join(root, 'exercises');
  const folders = readdirSync(exercisesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(exercisesDir, entry.name, MANIFEST)))
    .map((entry) => entry.name);
  const course = folders.map((folder) => loadExercise(root, folder)).sort((a, b) => a.order - b.order);
  assertUnique(course);
  return course;
}

export function loadExercise(root: string, folder: string): Exercise {
  const dir = path.join(root, 'exercises', folder);
  const manifestFile = path.join(dir, MANIFEST);
  const info = parseManifest(readFileSync(manifestFile, 'utf8'), path.relative(root, manifestFile));
  return {
    ...info,
    id: exerciseId(info.order),
    folder,
    dir,
    srcDir: path.join(dir, 'src'),
    starterDir: path.join(dir, 'starter'),
    solutionDir: path.join(root, 'solutions', folder),
    mutantsDir: path.join(root, 'tests', 'mutants', folder),
    readmeFile: path.join(dir, 'README.md'),
    hintsFile: path.join(dir, 'hints.md'),
    testFiles: info.tests.map((test) => path.join(dir, test)),
  };
}

/** `exercise-05`, `05`, `5`, `routing` or `05-routing` → the exercise, or an error listing the valid ones. */
export function resolveExercise(course: readonly Exercise[], query: string): Exercise {
  const wanted = query.trim().toLowerCase();
  const number = /^(?:exercise-)?(\d+)$/.exec(wanted)?.[1];
  const found = course.find((exercise) =>
    number !== undefined ? exercise.order === Number(number) : exercise.slug === wanted || exercise.folder === wanted,
  );
  if (found) return found;
  const valid = course.map((exercise) => `${exercise.id} (${exercise.slug})`).join(', ');
  throw new UnknownExerciseError(`unknown exercise "${query}": valid ones are ${valid}`);
}

function assertUnique(course: readonly Exercise[]): void {
  for (const [index, exercise] of course.entries()) {
    const twin = course.slice(index + 1).find((other) => other.order === exercise.order || other.slug === exercise.slug);
    if (twin) throw new ManifestError(`exercises ${exercise.folder} and ${twin.folder} share an order or a slug`);
  }
}
