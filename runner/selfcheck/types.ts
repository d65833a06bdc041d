// What the self-check found, per exercise: the bar every exercise must meet.
import type { RuleViolation, RunProblem, TypeDiagnostic } from '../check/results.js';

export interface MutantResult {
  name: string;
  /** The mistake it stands for, from the first line of its patch. */
  description: string;
  killed: boolean;
  /** The tests that failed on it and the rules that flagged it. */
  killedBy: string[];
  /** For a survivor: the tests it got past, to show the author where a test is missing. */
  gotPast: string[];
}

export interface VariantFailure {
  tests: string[];
  typeErrors: TypeDiagnostic[];
  violations: RuleViolation[];
  problems: RunProblem[];
}

export interface ExerciseSelfCheck {
  id: string;
  slug: string;
  folder: string;
  tasks: number;
  tests: number;
  /** Task numbers that fail on the pristine starter (all of them, when all is well). */
  starterFailingTasks: number[];
  /** Task numbers that pass on the starter: each is a defect of the exercise. */
  starterPassingTasks: number[];
  solutionPasses: boolean;
  /** What went wrong on the solution, when it does not pass. */
  solutionFailures: VariantFailure;
  mutants: MutantResult[];
  mutantsKilled: number;
  /** Layout problems: a task without tests or hints, a README without a task's heading. */
  structure: string[];
  ok: boolean;
}

export interface SelfCheckReport {
  exercises: ExerciseSelfCheck[];
  /** A hang stops the whole run: later results are missing, and this says why. */
  stalls: { target: string; message: string }[];
  ok: boolean;
  durationMs: number;
}
