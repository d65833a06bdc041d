// The result objects every reporter formats. Checking produces them; reporters
// never compute anything of their own.
export interface Location {
  /** Relative to the repository, with forward slashes. */
  file: string;
  line: number;
  column: number;
}

export interface TypeDiagnostic extends Location {
  code: string;
  message: string;
  /** The source line the error points at. */
  source: string;
}

export interface RuleViolation {
  rule: string;
  file: string;
  line: number;
  message: string;
  why: string;
  /** The forms the rule lets through. */
  accepts?: string;
}

export type TestState = 'passed' | 'failed' | 'skipped';

export interface TestFailure {
  message: string;
  expected?: string;
  actual?: string;
  location?: Location;
}

export interface TestResult {
  /** The task number from the top-level `describe('task N: ...')`, or null outside any task. */
  task: number | null;
  file: string;
  /** Names of the describe blocks and the test, outermost first. */
  path: string[];
  name: string;
  state: TestState;
  durationMs: number;
  failure?: TestFailure;
  /** What the code printed during the test, bounded (see console-capture.ts). */
  output?: string;
}

/** Something that stopped a test file or the run itself, outside any one test. */
export interface RunProblem {
  /**
   * busy: the machine gave the run too little CPU to judge it (not the learner's doing).
   * tainted: self-check only, the file found its shared thread left unclean by the file
   * before it (a timer, a server, a replaced built-in), so it ran nothing and runs again.
   */
  kind: 'hang' | 'crash' | 'busy' | 'tainted' | 'exit' | 'load' | 'unhandled' | 'left-open' | 'output';
  file?: string;
  test?: string;
  /** The test's name with its describe blocks: how a later run skips it. */
  full?: string;
  /** A hang of the whole suite (past its run limit), not of one step. */
  wholeRun?: boolean;
  /** The test had finished: the hang came after it (a hook, or code the test left running). */
  after?: boolean;
  /** How many times the same problem happened, when more than once. */
  count?: number;
  message: string;
}

export interface TaskResult {
  number: number;
  title: string;
  points: number;
  passed: number;
  total: number;
}

export interface CheckResult {
  exerciseId: string;
  slug: string;
  title: string;
  typeErrors: TypeDiagnostic[];
  violations: RuleViolation[];
  tests: TestResult[];
  problems: RunProblem[];
  tasks: TaskResult[];
  passed: boolean;
  /** Only this task's tests ran (check --task N): `tasks` holds it alone, and `passed` is about it. */
  onlyTask?: number;
  durationMs: number;
}
