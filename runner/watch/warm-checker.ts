// Watch mode's engines, kept warm between saves: one vitest instance for the exercise
// being watched (replaced when a run hangs, since a stuck thread can only be ended),
// and a process that keeps the typechecker and the static rules loaded.
import type { CheckEngines } from '../check/check-exercise.js';
import { TestSession } from '../check/test-run.js';
import type { Exercise } from '../course/exercise.js';
import { dropSpares } from '../vitest/spare-threads.js';
import { AnalysisProcess } from './analysis-process.js';

export class WarmChecker {
  private session: { exercise: Exercise; tests: TestSession } | undefined;
  private readonly analysis: AnalysisProcess;

  constructor(private readonly root: string) {
    this.analysis = new AnalysisProcess(root);
  }

  /** Engines for one check of `exercise`; `changed` are the files saved since the last one. */
  engines(exercise: Exercise, changed: readonly string[]): CheckEngines {
    return {
      // The learner's files only: checking the test files against vitest's types costs
      // about 200 ms a save, and a test that needs a missing export fails by name anyway.
      // `npm run check` still typechecks the tests.
      typecheck: (files) => this.analysis.typecheck(files.filter((file) => !exercise.testFiles.includes(file))),
      rules: (rules, dir) => this.analysis.rules(rules, dir),
      tests: async () => {
        const tests = await this.testsFor(exercise);
        return (await tests.run(changed)).get(exercise.folder) ?? { tests: [], problems: [] };
      },
    };
  }

  /** Ends the test session (its spare threads with it); the analysis process stays for the next exercise. */
  async close(): Promise<void> {
    await this.session?.tests.close();
    this.session = undefined;
    await dropSpares();
  }

  async dispose(): Promise<void> {
    await this.close();
    this.analysis.close();
  }

  private async testsFor(exercise: Exercise): Promise<TestSession> {
    if (this.session && (this.session.exercise !== exercise || !this.session.tests.usable)) await this.close();
    this.session ??= { exercise, tests: await TestSession.open(this.root, [{ name: exercise.folder, exercise }], { spareThreads: true }) };
    return this.session.tests;
  }
}
