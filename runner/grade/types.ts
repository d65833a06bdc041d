// The result objects of grading. Grading produces them from one run; every grade
// format (results.json, JUnit XML, the GitHub summary, Classroom's result) formats them.
import type { RuleViolation, RunProblem, TypeDiagnostic } from '../check/results.js';

/**
 * Points are kept in hundredths (whole numbers) so that the points of a task split over
 * its tests add up exactly, in every format: 1 point over 3 tests is 34 + 33 + 33.
 */
export interface Points {
  earned: number;
  possible: number;
}

export type GradeStatus = 'pass' | 'fail' | 'error';

export interface GradedTest {
  exerciseId: string;
  task: number | null;
  /** Relative to the repository, with forward slashes. */
  file: string;
  /** Names of the describe blocks and the test, outermost first. */
  path: string[];
  name: string;
  status: GradeStatus;
  message?: string;
  expected?: string;
  actual?: string;
  /** Where the failure was raised: file:line (relative) for annotations. */
  location?: { file: string; line: number; column: number };
  output?: string;
  /** The body of the test as written in its file; absent for a hidden test or one whose name is built at run time. */
  code?: string;
  /** An instructor's hidden test, added from outside the learner's repository. */
  hidden: boolean;
  points: Points;
  durationMs: number;
}

export interface GradedTask {
  number: number;
  title: string;
  status: GradeStatus;
  /** Why the task earned nothing although some of its tests passed, or why none ran. */
  message?: string;
  passed: number;
  total: number;
  hidden: number;
  points: Points;
}

export interface GradedExercise {
  id: string;
  slug: string;
  folder: string;
  title: string;
  status: GradeStatus;
  message?: string;
  tasks: GradedTask[];
  tests: GradedTest[];
  typeErrors: TypeDiagnostic[];
  violations: RuleViolation[];
  problems: RunProblem[];
  points: Points;
  durationMs: number;
  /** Left exactly as handed out: graded once for the whole class on the pristine copy, and this is that result. */
  untouched?: boolean;
}

/** folder: the instructor's course (--course); lock: the learner's copy, checked against course.lock.json; working-tree: the instructor's own repository. */
export type PristineKind = 'folder' | 'lock' | 'working-tree';

export interface PristineInfo {
  kind: PristineKind;
  /** The folder, or the repository itself. */
  label: string;
  /** The course version that graded the work, e.g. `0.1.0+24298b4c1a2b`. */
  version: string;
}

export interface SkipMarker {
  file: string;
  line: number;
  /** `.skip`, `.todo`, `.only` … as written. */
  marker: string;
  /** The line as the learner wrote it, trimmed. */
  source: string;
}

export interface TamperReport {
  /** Course files (tests, manifests, the runner, tsconfig.json) whose content differs from the pristine copy. */
  changed: string[];
  /** Test files and manifests the learner deleted (a submission may come without the runner). */
  deleted: string[];
  /** Skip markers the learner added to test files. */
  markers: SkipMarker[];
}

export interface GradeReport {
  status: GradeStatus;
  /** Why nothing could be graded (status error), else undefined. */
  message?: string;
  pristine: PristineInfo;
  warnings: string[];
  tamper: TamperReport;
  /** Hidden test files added to the run, relative to the repository. */
  hiddenFiles: string[];
  exercises: GradedExercise[];
  points: Points;
  gradedAt: string;
  durationMs: number;
}

/** Turns hundredths into the number a person and a machine read: 1.33, 2, 0.5. */
export function toPoints(hundredths: number): number {
  return hundredths / 100;
}
