// Watch mode's engines, kept warm between saves: one vitest instance for the exercise
// being watched (replaced when a run hangs, since a stuck thread can only be ended) and
// one in-process typechecker that re-reads only the files that changed.
import type { CheckEngines } from '../check/check-exercise.js';
import { runStaticRules } from '../check/static-rules.js';
import { TestSession } from '../check/test-run.js';
import { WarmTypecheck } from '../check/warm-typecheck.js';
import type { Exercise } from '../course/exercise.js';

export class WarmChecker {
  private session: { exercise: Exercise; tests: TestSession } | undefined;
  private typechecker: Promise<WarmTypecheck> | undefined;

  constructor(private readonly root: string) {}

  /** Engines for one check of `exercise`; `changed` are the files saved since the last one. */
  engines(exercise: Exercise, changed: readonly string[]): CheckEngines {
    return {
      // The learner's files only: checking the test files against vitest's types costs
      // about 200 ms a save, and a test that needs a missing export fails by name anyway.
      // `npm run check` still typechecks the tests.
      typecheck: async (files) => (await this.typecheck()).check(files.filter((file) => !exercise.testFiles.includes(file))),
      // In this long-lived process ts-morph stays loaded after the first run.
      rules: (rules, dir) => runStaticRules(this.root, rules, dir),
      tests: async () => {
        const tests = await this.testsFor(exercise);
        return (await tests.run(changed)).get(exercise.folder) ?? { tests: [], problems: [] };
      },
    };
  }

  /** Starts both engines ahead of the first save. */
  async warmUp(exercise: Exercise): Promise<void> {
    await Promise.all([this.typecheck(), this.testsFor(exercise)]);
  }

  async close(): Promise<void> {
    await this.session?.tests.close();
    this.session = undefined;
  }

  private typecheck(): Promise<WarmTypecheck> {
    this.typechecker ??= WarmTypecheck.open(this.root);
    return this.typechecker;
  }

  private async testsFor(exercise: Exercise): Promise<TestSession> {
    if (this.session && (this.session.exercise !== exercise || !this.session.tests.usable)) await this.close();
    this.session ??= { exercise, tests: await TestSession.open(this.root, [{ name: exercise.folder, exercise }]) };
    return this.session.tests;
  }
}
