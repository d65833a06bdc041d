// `npm run watch [exercise]`: re-checks the exercise on every save with warm engines,
// and moves on only when the learner presses n.
import path from 'node:path';
import { checkExercise } from '../check/check-exercise.js';
import type { Exercise } from '../course/exercise.js';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { buildOverview } from '../overview.js';
import { readProgress, recordCheck } from '../progress.js';
import { colorsFor } from '../reporters/colors.js';
import { prettyReporter } from '../reporters/pretty.js';
import { listenKeys } from '../watch/keys.js';
import { watchFolders } from '../watch/file-watcher.js';
import { renderScreen, type ScreenState } from '../watch/screen.js';
import { sameSnapshot, takeSnapshot, type DiskSnapshot } from '../watch/disk-snapshot.js';
import { WarmChecker } from '../watch/warm-checker.js';
import { parseTask } from './check.js';
import { takeNextHint } from './hint.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const WATCH_NEEDS_TTY = 'watch reads single keys from a terminal, and there is none here: use npm run check <exercise> in scripts';

export const watchCommand: Command = {
  usage: [
    'npm run watch [exercise] [-- --manual] [--task N]',
    '',
    '  re-checks the exercise every time you save (the first one not done, unless you name one).',
    '  Keys: h hint, n next exercise, l list, r re-run, q quit.',
    '  --task N: runs only task N\'s tests.',
    '  --manual: no file watching (for file systems whose change events never arrive); press r.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, manual: { type: 'boolean' }, task: { type: 'string' } },
  async run({ root, positionals, values }) {
    if (!process.stdin.isTTY) throw new UsageError(WATCH_NEEDS_TTY);
    const course = loadCourse(root);
    const [query] = positionals;
    const first = query === undefined ? firstNotDone(root, course) : resolveExercise(course, query);
    return new WatchLoop(root, course, first, values.manual === true, parseTask(first, values.task)).start();
  },
};

function firstNotDone(root: string, course: readonly Exercise[]): Exercise {
  const current = buildOverview(course, readProgress(root)).current;
  return course.find((exercise) => exercise.id === current?.id) ?? (course[0] as Exercise);
}

class WatchLoop {
  private readonly checker: WarmChecker;
  private readonly c = colorsFor(process.stdout);
  private readonly state: ScreenState;
  private stopWatching: () => void = () => undefined;
  private busy = false;
  /** A save came while a check ran: look at the files again when it ends. */
  private queued: { savedAt: number; forced: boolean } | undefined;
  /** The files as the last check read them: its verdict is about these. */
  private checked: DiskSnapshot | undefined;

  constructor(
    private readonly root: string,
    private readonly course: readonly Exercise[],
    private exercise: Exercise,
    manual: boolean,
    private task: number | undefined,
  ) {
    this.checker = new WarmChecker(root);
    this.state = { exerciseId: exercise.id, run: 0, running: false, manual, result: undefined, message: undefined, lastMs: undefined };
  }

  start(): Promise<number> {
    return new Promise((resolve) => {
      const stopKeys = listenKeys((key) => {
        if (key === 'q') {
          stopKeys();
          this.stopWatching();
          void this.checker.dispose().then(() => resolve(0));
        } else this.onKeySafely(key);
      });
      this.follow(this.exercise);
    });
  }

  private onKeySafely(key: string): void {
    try {
      this.onKey(key);
    } catch (error) {
      this.show((error as Error).message);
    }
  }

  private onKey(key: string): void {
    if (key === 'r') this.check(Date.now(), true);
    else if (key === 'h') this.show(takeNextHint(this.root, this.exercise, { c: this.c, result: this.state.result, inWatch: true }));
    else if (key === 'l') this.show(prettyReporter(this.c, process.stdout.columns).overview(buildOverview(this.course, readProgress(this.root))));
    else if (key === 'n') {
      const next = this.course[this.course.indexOf(this.exercise) + 1];
      if (next) {
        // A task number belongs to the exercise it was given for.
        this.task = undefined;
        this.follow(next);
      }
      else this.show('This is the last exercise.');
    }
  }

  private follow(exercise: Exercise): void {
    this.stopWatching();
    this.exercise = exercise;
    this.checked = undefined;
    Object.assign(this.state, { exerciseId: exercise.id, run: 0, result: undefined, message: undefined, lastMs: undefined, task: this.task });
    if (!this.state.manual) this.stopWatching = watchFolders([exercise.srcDir, ...new Set(exercise.testFiles.map((file) => path.dirname(file)))], () => this.check(Date.now(), false));
    this.check(Date.now(), true);
  }

  /**
   * A check of the files as they are on disk now. A save (`forced` false) that leaves
   * them as the last check read them, such as an editor's temporary file coming and
   * going, starts none; r and a new exercise always do.
   */
  private check(savedAt: number, forced: boolean): void {
    if (this.busy) {
      this.queued = { savedAt: this.queued?.savedAt ?? savedAt, forced: forced || this.queued?.forced === true };
      return;
    }
    const onDisk = takeSnapshot(this.exercise);
    if (!forced && this.checked !== undefined && sameSnapshot(this.checked, onDisk)) return;
    this.checked = onDisk;
    this.busy = true;
    this.state.running = true;
    this.state.message = undefined;
    this.state.run += 1;
    this.draw();
    const exercise = this.exercise;
    const task = this.task;
    void checkExercise(this.root, exercise, this.checker.engines(exercise, onDisk, task), { ...(task === undefined ? {} : { task }) })
      .then((result) => {
        if (exercise !== this.exercise) return;
        if (task === undefined) recordCheck(this.root, result);
        Object.assign(this.state, { result, running: false, lastMs: Date.now() - savedAt });
      })
      .catch((error: unknown) => Object.assign(this.state, { running: false, message: `runner error: ${(error as Error).message}` }))
      .finally(() => {
        this.busy = false;
        this.draw();
        // Also without a save event: a save lost by the file system, or one made during
        // the run, must not leave a verdict about files that are no longer on disk.
        const next = this.queued;
        this.queued = undefined;
        this.check(next?.savedAt ?? Date.now(), next?.forced === true);
      });
  }

  private show(message: string): void {
    this.state.message = message;
    this.draw();
  }

  private draw(): void {
    // The terminal's width now: the learner may have resized it since the last run.
    process.stdout.write(renderScreen(this.state, prettyReporter(this.c, process.stdout.columns, { inWatch: true }), this.c));
  }
}
