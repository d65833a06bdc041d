// Watch mode's engines, kept warm between saves: one vitest instance for the exercise
// being watched (replaced when a run hangs, since a stuck thread can only be ended),
// and a process that keeps the typechecker and the static rules loaded. The test
// session is told which files changed by content, not by events: before each run the
// files on disk are compared with what the session last read, and those that differ
// are read again. A run that hangs is settled like npm run check's (run-settled.ts).
import type { CheckEngines } from '../check/check-exercise.js';
import { runSettled } from '../sandbox/run-settled.js';
import { SandboxSession } from '../sandbox/sandbox-session.js';
import type { Exercise } from '../course/exercise.js';
import { dropSpares } from '../vitest/spare-threads.js';
import { AnalysisProcess } from './analysis-process.js';
import { changedFiles, type DiskSnapshot } from './disk-snapshot.js';

interface WarmSession {
  exercise: Exercise;
  task: number | undefined;
  tests: SandboxSession;
  /** The files as the session last read them. */
  held: DiskSnapshot;
}

export class WarmChecker {
  private session: WarmSession | undefined;
  private readonly analysis: AnalysisProcess;

  constructor(private readonly root: string) {
    this.analysis = new AnalysisProcess(root);
  }

  /** Engines for one check of `exercise` as `onDisk` says its files are now; `task` runs one task's tests alone. */
  engines(exercise: Exercise, onDisk: DiskSnapshot, task?: number): CheckEngines {
    return {
      // The learner's files only: checking the test files against vitest's types costs
      // about 200 ms a save, and a test that needs a missing export fails by name anyway.
      // `npm run check` still typechecks the tests.
      typecheck: (files) => this.analysis.typecheck(files.filter((file) => !exercise.testFiles.includes(file))),
      rules: (rules, dir) => this.analysis.rules(rules, dir),
      // Settled as npm run check settles a run: after a hang or a crash, the files that did
      // not finish run again in a fresh process, so watch keeps every result that was earned.
      tests: async () => {
        const session = await this.sessionFor(exercise, task, onDisk);
        const changed = changedFiles(session.held, onDisk);
        session.held = onDisk;
        const target = { name: exercise.folder, exercise };
        const settled = await runSettled(this.root, [target], task === undefined ? {} : { task }, (_targets, onFileDone) => session.tests.run(changed, onFileDone));
        return settled.get(exercise.folder) ?? { tests: [], problems: [] };
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

  private async sessionFor(exercise: Exercise, task: number | undefined, onDisk: DiskSnapshot): Promise<WarmSession> {
    const current = this.session;
    if (current && (current.exercise !== exercise || current.task !== task || !current.tests.usable)) await this.close();
    if (this.session) return this.session;
    // A new session reads every file afresh: it holds what is on disk now.
    const tests = await SandboxSession.open(this.root, [{ name: exercise.folder, exercise }], { spareThreads: true, ...(task === undefined ? {} : { task }) });
    this.session = { exercise, task, tests, held: onDisk };
    return this.session;
  }
}
