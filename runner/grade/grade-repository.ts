// `npm run grade` for one learner's repository: find the pristine course, note what the
// learner changed in it, build the grading copy, check every exercise there, score it.
// The learner's repository is only read; a grade is always recomputed from a run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../commands/types.js';
import { loadCourse } from '../course/discover.js';
import { gradeExercise } from './grade-exercise.js';
import { GRADE_MESSAGES, GRADE_USAGE_ERRORS } from './messages.js';
import { addPoints } from './points.js';
import { findPristine } from './pristine.js';
import { checkCourse } from './run-course.js';
import { findTampering } from './tamper.js';
import type { GradedExercise, GradeReport, GradeStatus } from './types.js';
import { untouchedFolders, type UntouchedResults } from './untouched.js';
import { buildWorkspace } from './workspace.js';

export interface GradeOptions {
  learnerRoot: string;
  /** The repository the runner runs from (its node_modules are used). */
  graderRoot: string;
  pristineDir?: string;
  hiddenDir?: string;
  /** Results of exercises graded once for a class on the pristine copy: used for the exercises this learner left untouched. */
  untouched?: UntouchedResults;
  /** Grades these exercise folders only (a class's one grading of its untouched exercises). */
  only?: readonly string[];
}

export async function gradeRepository(options: GradeOptions): Promise<GradeReport> {
  const started = Date.now();
  const learnerRoot = path.resolve(options.learnerRoot);
  if (!existsSync(path.join(learnerRoot, 'exercises'))) throw new UsageError(GRADE_USAGE_ERRORS.notACourse(learnerRoot));
  const pristine = findPristine(learnerRoot, options.pristineDir);
  const tamper = findTampering(learnerRoot, pristine);
  const workspace = buildWorkspace({ learnerRoot, graderRoot: options.graderRoot, pristine, ...(options.hiddenDir ? { hiddenDir: options.hiddenDir } : {}) });
  const previousDir = process.cwd();
  let exercises: GradedExercise[];
  const notes: string[] = [];
  try {
    // Learner code and the guard show paths relative to the working directory.
    process.chdir(workspace.root);
    const course = loadCourse(workspace.root).filter((exercise) => options.only?.includes(exercise.folder) ?? true);
    const reused = options.untouched ? untouchedFolders(learnerRoot, options.untouched, course.map((exercise) => exercise.folder)) : new Set<string>();
    const toRun = course.filter((exercise) => !reused.has(exercise.folder));
    const results = toRun.length > 0 ? await checkCourse(workspace.root, toRun, (note) => notes.push(note)) : [];
    exercises = course.map((exercise) => {
      const untouched = reused.has(exercise.folder) ? options.untouched?.[exercise.folder] : undefined;
      if (untouched) return { ...untouched.exercise, untouched: true };
      return gradeExercise(workspace.root, exercise, results[toRun.indexOf(exercise)] as (typeof results)[number]);
    });
  } finally {
    process.chdir(previousDir);
    workspace.remove();
  }
  const status = overallStatus(exercises);
  return {
    status,
    ...(status === 'error' ? { message: GRADE_MESSAGES.noTestRanAtAll(exercises.map((exercise) => `${exercise.id}: ${exercise.message ?? GRADE_MESSAGES.notRun}`).join('\n')) } : {}),
    pristine: pristine.info,
    warnings: [...(pristine.warning ? [pristine.warning] : []), ...notes],
    tamper,
    hiddenFiles: workspace.hiddenFiles,
    exercises,
    points: addPoints(exercises),
    gradedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  };
}

/** Exercism's rule: error only when no test ran at all. */
function overallStatus(exercises: readonly GradedExercise[]): GradeStatus {
  if (exercises.every((exercise) => exercise.tests.length === 0)) return 'error';
  return exercises.every((exercise) => exercise.status === 'pass') ? 'pass' : 'fail';
}
