// The result objects of grading a class: one row per learner, read back from each
// learner's results.json, and what the class did per task. The CSV, the HTML report and
// the terminal text format these.
import type { GradeStatus, Points } from '../types.js';

export interface LearnerTask {
  number: number;
  title: string;
  status: GradeStatus;
  /** Hundredths, as everywhere in grading. */
  points: Points;
}

export interface LearnerExercise {
  id: string;
  slug: string;
  title: string;
  status: GradeStatus;
  points: Points;
  tasks: LearnerTask[];
  /** Cost no points but fail the exercise: the heat map shows them. */
  typeErrors?: number;
  ruleFindings?: number;
  /** Left exactly as handed out (graded once for the class on the pristine copy). */
  untouched?: boolean;
}

export interface LearnerResult {
  /** The submission's folder name. */
  name: string;
  /** `error`: the learner could not be graded (the grading process hung, crashed or wrote nothing). */
  status: 'graded' | 'error';
  message?: string;
  exercises: LearnerExercise[];
  points: Points;
  /** Course files changed, deleted or skip markers added. */
  tampered: number;
  durationMs: number;
}

export interface ExerciseColumn {
  id: string;
  slug: string;
  title: string;
  possible: number;
}

export interface TaskStat {
  exerciseId: string;
  slug: string;
  task: number;
  title: string;
  /** Learners who passed every test of the task. */
  passed: number;
  /** Learners graded (error rows are left out). */
  graded: number;
}

export interface ClassReport {
  learners: LearnerResult[];
  columns: ExerciseColumn[];
  tasks: TaskStat[];
  /** The tasks most learners fail, the most failed first. */
  hardest: TaskStat[];
  /** The CSV and HTML written, absolute. */
  files: string[];
  jobs: number;
  generatedAt: string;
  durationMs: number;
}
