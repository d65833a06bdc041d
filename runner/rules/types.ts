// A static rule looks at how the learner's code is written, where a test cannot see
// it (a stack trace sent only when a debug flag is on, a query built by concatenation).
import type { SourceFile } from 'ts-morph';

export interface RuleFinding {
  /** 1-based line in the file. */
  line: number;
  /** What was found on that line, in the learner's terms. */
  message: string;
}

export interface StaticRule {
  /** Kebab-case name that exercise.json refers to. */
  name: string;
  /** Why it matters, with the standard it comes from; shown under every finding. */
  why: string;
  /** The forms the rule lets through, so a learner can rewrite the line into one of them. */
  accepts: string;
  check: (file: SourceFile) => RuleFinding[];
}
