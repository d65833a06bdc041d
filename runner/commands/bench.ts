// `npm run bench`: how much `npm run check` costs on top of plain vitest on the same
// test files, typecheck and static rules included. Runs alternate so that a busy
// moment of the machine falls on both sides; medians are compared.
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { relativeToRoot } from '../paths.js';
import { hasScript, measureWatch, NEEDS_SCRIPT } from '../bench/watch-latency.js';
import { measureSelfcheck, type SelfcheckCost } from '../bench/selfcheck-cost.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

const TARGET_RATIO = 1.3;
const WATCH_SAVES = 10;
const WATCH_TARGET_MS = 300;
/** A learner reads the verdict before saving again; watch boots the next test thread meanwhile. */
const WATCH_PAUSE_MS = 1_000;
const SELFCHECK_TARGET_RATIO = 5;

export const benchCommand: Command = {
  usage: [
    'npm run bench [-- --exercise exercise-01 --runs 7]',
    '',
    `  median wall time of \`npm run check <exercise>\` and of \`node_modules/.bin/vitest run\` on the`,
    `  same test files, and their ratio (target: ${TARGET_RATIO} or less).`,
    'npm run bench -- --selfcheck',
    '',
    '  wall time of `npm run selfcheck` (every exercise) against one plain vitest run of every',
    `  reference solution's tests, timed before and after it (target: ${SELFCHECK_TARGET_RATIO} times or less).`,
  ].join('\n'),
  options: { ...COMMON_OPTIONS, exercise: { type: 'string' }, runs: { type: 'string' }, selfcheck: { type: 'boolean' } },
  async run({ root, values, out }) {
    if (values.selfcheck === true) {
      const cost = await measureSelfcheck(root);
      out(values.json === true ? `${JSON.stringify({ ...cost, targetRatio: SELFCHECK_TARGET_RATIO }, null, 2)}\n` : formatSelfcheckCost(cost));
      return cost.selfcheckPassed ? 0 : 1;
    }
    const exercise = resolveExercise(loadCourse(root), typeof values.exercise === 'string' ? values.exercise : 'exercise-01');
    const runs = Number(values.runs ?? 7);
    if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs must be a whole number, not "${String(values.runs)}"`);
    const npm = npmCommand();
    const check = [...npm, 'run', '--silent', 'check', exercise.id];
    const vitest = [process.execPath, 'node_modules/vitest/vitest.mjs', 'run', ...exercise.testFiles.map((file) => relativeToRoot(root, file))];
    const checkTimes: number[] = [];
    const vitestTimes: number[] = [];
    await time(root, check); // warm the compiled runner and the disk cache once
    for (let run = 0; run < runs; run += 1) {
      checkTimes.push(await time(root, check));
      vitestTimes.push(await time(root, vitest));
    }
    const watch = (await hasScript()) ? { backToBack: await measureWatch(root, exercise, WATCH_SAVES, 0), paced: await measureWatch(root, exercise, WATCH_SAVES, WATCH_PAUSE_MS) } : undefined;
    const result = {
      exercise: exercise.id,
      runs,
      checkMs: median(checkTimes),
      vitestMs: median(vitestTimes),
      ratio: Number((median(checkTimes) / median(vitestTimes)).toFixed(2)),
      targetRatio: TARGET_RATIO,
      watchSaveToVerdictMs: watch ? median(watch.paced) : null,
      watchBackToBackMs: watch ? median(watch.backToBack) : null,
      watchPauseMs: WATCH_PAUSE_MS,
      watchTargetMs: WATCH_TARGET_MS,
    };
    out(
      values.json === true
        ? `${JSON.stringify(result, null, 2)}\n`
        : [
            `npm run check ${exercise.id}: ${result.checkMs} ms (median of ${runs})`,
            `vitest run on the same files: ${result.vitestMs} ms (median of ${runs})`,
            `ratio: ${result.ratio.toFixed(2)} (target ${TARGET_RATIO} or less)`,
            ...(watch
              ? [
                  `watch, from a saved file to the verdict on screen: ${result.watchSaveToVerdictMs} ms (median of ${WATCH_SAVES} saves ${WATCH_PAUSE_MS / 1000} s apart; target ${WATCH_TARGET_MS} ms or less)`,
                  `  saving again the moment each verdict appears: ${result.watchBackToBackMs} ms (median of ${WATCH_SAVES})`,
                ]
              : [NEEDS_SCRIPT]),
            '',
          ].join('\n'),
    );
    return 0;
  },
};

function formatSelfcheckCost(cost: SelfcheckCost): string {
  return [
    `plain vitest run of every reference solution: ${cost.plainMs[0]} ms before the self-check, ${cost.plainMs[1]} ms after`,
    `npm run selfcheck: ${cost.selfcheckMs} ms, ${cost.mutants} mutants, ${cost.warmCache ? 'with' : 'without'} the record of what caught each mutant last time${cost.selfcheckPassed ? '' : ' (it failed: see npm run selfcheck)'}`,
    `ratio: ${cost.ratio.toFixed(2)} (target ${SELFCHECK_TARGET_RATIO} or less)`,
    ...cost.failures.map((failure) => `self-check failure: ${failure}`),
    '',
  ].join('\n');
}

/** npm as this process was started by it, so it works the same on every system. */
function npmCommand(): string[] {
  const cli = process.env.npm_execpath;
  return cli ? [process.execPath, cli] : ['npm'];
}

async function time(root: string, [file = '', ...args]: string[]): Promise<number> {
  const started = performance.now();
  await execa(file, args, { cwd: root, reject: false, env: { NO_COLOR: '1' } });
  return Math.round(performance.now() - started);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
