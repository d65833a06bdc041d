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
import { WarmChecker } from '../watch/warm-checker.js';
import { takeNextHint } from './hint.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const WATCH_NEEDS_TTY = 'watch reads single keys from a terminal, and there is none here: use npm run check <exercise> in scripts';

export const watchCommand: Command = {
  usage: [
    'npm run watch [exercise] [-- --manual]',
    '',
    '  re-checks the exercise every time you save (the first one not done, unless you name one).',
    '  Keys: h hint, n next exercise, l list, r re-run, q quit.',
    '  --manual: no file watching (for file systems whose change events never arrive); press r.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, manual: { type: 'boolean' } },
  async run({ root, positionals, values }) {
    if (!process.stdin.isTTY) throw new UsageError(WATCH_NEEDS_TTY);
    const course = loadCourse(root);
    const [query] = positionals;
    const first = query === undefined ? firstNotDone(root, course) : resolveExercise(course, query);
    return new WatchLoop(root, course, first, values.manual === true).start();
  },
};

function firstNotDone(root: string, course: readonly Exercise[]): Exercise {
  const current = buildOverview(course, readProgress(root)).current;
  return course.find((exercise) => exercise.id === current?.id) ?? (course[0] as Exercise);
}

class WatchLoop {
  private readonly checker: WarmChecker;
  private readonly c = colorsFor(process.stdout);
  private readonly reporter = prettyReporter(this.c);
  private readonly state: ScreenState;
  private stopWatching: () => void = () => undefined;
  private busy = false;
  private queued: { files: string[]; savedAt: number } | undefined;

  constructor(
    private readonly root: string,
    private readonly course: readonly Exercise[],
    private exercise: Exercise,
    manual: boolean,
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
    if (key === 'r') this.check(this.exerciseFiles(), Date.now());
    else if (key === 'h') this.show(takeNextHint(this.root, this.exercise, undefined, this.c));
    else if (key === 'l') this.show(prettyReporter(this.c).overview(buildOverview(this.course, readProgress(this.root))));
    else if (key === 'n') {
      const next = this.course[this.course.indexOf(this.exercise) + 1];
      if (next) this.follow(next);
      else this.show('This is the last exercise.');
    }
  }

  private follow(exercise: Exercise): void {
    this.stopWatching();
    this.exercise = exercise;
    Object.assign(this.state, { exerciseId: exercise.id, run: 0, result: undefined, message: undefined, lastMs: undefined });
    if (!this.state.manual) this.stopWatching = watchFolders([exercise.srcDir, ...new Set(exercise.testFiles.map((file) => path.dirname(file)))], (files) => this.check(files, Date.now()));
    this.check([], Date.now());
  }

  private check(files: string[], savedAt: number): void {
    if (this.busy) {
      this.queued = { files: [...(this.queued?.files ?? []), ...files], savedAt: this.queued?.savedAt ?? savedAt };
      return;
    }
    this.busy = true;
    this.state.running = true;
    this.state.message = undefined;
    this.state.run += 1;
    this.draw();
    const exercise = this.exercise;
    void checkExercise(this.root, exercise, this.checker.engines(exercise, files))
      .then((result) => {
        if (exercise !== this.exercise) return;
        recordCheck(this.root, result);
        Object.assign(this.state, { result, running: false, lastMs: Date.now() - savedAt });
      })
      .catch((error: unknown) => Object.assign(this.state, { running: false, message: `runner error: ${(error as Error).message}` }))
      .finally(() => {
        this.busy = false;
        this.draw();
        const next = this.queued;
        this.queued = undefined;
        if (next) this.check(next.files, next.savedAt);
      });
  }

  private show(message: string): void {
    this.state.message = message;
    this.draw();
  }

  private draw(): void {
    process.stdout.write(renderScreen(this.state, this.reporter, this.c));
  }

  private exerciseFiles(): string[] {
    return [...this.exercise.files.map((file) => path.join(this.exercise.dir, file)), ...this.exercise.testFiles];
  }
}
