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
  /** The seeds the solution's randomised tests ran on, the run's own first; none when no test draws. */
  seeds: number[];
  /** Task numbers that fail on the pristine starter (all of them, when all is well). */
  starterFailingTasks: number[];
  /** Task numbers that pass on the starter: each is a defect of the exercise. */
  starterPassingTasks: number[];
  /**
   * Tests that pass on the starter, whose stubs only throw: each accepts code that does
   * nothing (a test that wants a throw, and takes the TODO error for it). Also a defect.
   */
  starterPassingTests: string[];
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
  /** Steps the machine was too busy to judge: the self-check cannot pass on them. */
  stalls: { target: string; message: string }[];
  ok: boolean;
  durationMs: number;
}

/** One seed on which the solution failed or the starter passed a task. */
export interface SeedBreak {
  seed: number;
  variant: 'solution' | 'starter';
  /** The solution's failing tests, or the starter's passing tasks. */
  findings: string[];
}

export interface ExerciseSeedSweep {
  id: string;
  slug: string;
  folder: string;
  /** The test files that draw random inputs, relative to the repository; none means nothing to sweep. */
  files: string[];
  breaks: SeedBreak[];
  ok: boolean;
}

/** `selfcheck --seeds`: the solution passes and the starter fails on every seed. */
export interface SeedSweepReport {
  seeds: number[];
  exercises: ExerciseSeedSweep[];
  stalls: { target: string; message: string }[];
  ok: boolean;
  durationMs: number;
}
