// `npm run try <exercise> [-- --port N]`: runs the learner's code for real, with the
// entry the exercise's manifest names ("try"), restarting on every save. The tests teach;
// this lets the learner poke at what they built.
import path from 'node:path';
import { loadCourse, resolveExercise } from '../course/discover.js';
import { relativeToRoot } from '../paths.js';
import { runTry } from '../try/run-try.js';
import { COMMON_OPTIONS, UsageError, type Command, type OptionValues } from './types.js';

export const TRY_MESSAGES = {
  needsExercise: 'try needs an exercise: npm run try exercise-01',
  badPort: (raw: string) => `--port must be a whole number from 1 to 65535, got "${raw}"`,
  nothingToTry: (id: string) => `${id} has nothing to run with npm run try: its tests (npm run check ${id.replace('exercise-', '')}) are the way to try it.`,
  starting: (entry: string, src: string) => `Running ${entry} with your code in ${src}/: it starts again whenever you save. Ctrl-C stops it.\n`,
} as const;

const DEFAULT_PORT = 3000;

export const tryCommand: Command = {
  usage: [
    'npm run try <exercise> [-- --port N]',
    '',
    '  runs your code for real and starts it again whenever you save: the HTTP exercises',
    '  serve the README\'s example application on http://localhost:3000 (--port N for',
    '  another port), so the README\'s curl lines answer; the others run what fits them.',
    '  Ctrl-C stops it.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, port: { type: 'string' } },
  async run({ root, positionals, values, out }) {
    const [query] = positionals;
    if (query === undefined) throw new UsageError(TRY_MESSAGES.needsExercise);
    const exercise = resolveExercise(loadCourse(root), query);
    const port = parsePort(values);
    if (exercise.try === undefined) throw new UsageError(TRY_MESSAGES.nothingToTry(exercise.id));
    const entry = path.join(exercise.dir, exercise.try);
    out(TRY_MESSAGES.starting(relativeToRoot(root, entry), relativeToRoot(root, exercise.srcDir)));
    return runTry({ root, entry, srcDir: exercise.srcDir, port, dataDir: path.join(root, '.katas', 'try', exercise.folder), out });
  },
};

function parsePort(values: OptionValues): number {
  const raw = values.port;
  if (raw === undefined) return DEFAULT_PORT;
  const text = String(raw);
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) throw new UsageError(TRY_MESSAGES.badPort(text));
  return port;
}
