// What watch mode shows: the check's result as `npm run check` prints it, framed by a
// header (which exercise, which run) and the keys. It only formats.
import type { CheckResult } from '../check/results.js';
import type { Colors } from '../reporters/colors.js';
import type { Reporter } from '../reporters/types.js';

export interface ScreenState {
  exerciseId: string;
  run: number;
  running: boolean;
  manual: boolean;
  /** Only this task's tests run (watch --task N). */
  task?: number | undefined;
  result: CheckResult | undefined;
  /** A hint, the list of exercises or a notice, shown under the result. */
  message: string | undefined;
  /** How long the last check took, from the save that started it. */
  lastMs: number | undefined;
}

export const WATCH_MESSAGES = {
  keys: 'h hint · n next exercise · l list · r re-run · q quit',
  manualOn: 'Manual mode: press r after you save.',
  passed: 'This exercise passes. Press n for the next one when you are ready.',
  running: 'checking…',
} as const;

export const CLEAR = '\u001b[2J\u001b[3J\u001b[H';

export function renderScreen(state: ScreenState, reporter: Reporter, c: Colors): string {
  const status = state.running ? c.yellow(WATCH_MESSAGES.running) : state.result?.passed ? c.green('pass') : c.red('fail');
  const timing = state.lastMs === undefined || state.running ? '' : c.dim(` (${state.lastMs} ms)`);
  const scope = state.task === undefined ? '' : ` · task ${state.task} only`;
  const lines = [c.bold(`backend-katas watch · ${state.exerciseId}${scope} · run ${state.run} · `) + status + timing, ''];
  if (state.result) lines.push(reporter.check(state.result).trimEnd());
  if (state.result?.passed) lines.push('', c.green(WATCH_MESSAGES.passed));
  if (state.message) lines.push('', state.message.trimEnd());
  lines.push('', c.dim(WATCH_MESSAGES.keys));
  if (state.manual) lines.push(c.dim(WATCH_MESSAGES.manualOn));
  return `${CLEAR}${lines.join('\n')}\n`;
}
