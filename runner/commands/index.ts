// Every command by name.
import { benchCommand } from './bench.js';
import { checkCommand } from './check.js';
import { gradeCommand } from './grade.js';
import { hintCommand } from './hint.js';
import { newCommand } from './new.js';
import { resetCommand } from './reset.js';
import { solutionCommand } from './solution.js';
import { watchCommand } from './watch.js';
import { selfcheckCommand } from './selfcheck.js';
import type { Command } from './types.js';

export { UsageError, type CommandContext } from './types.js';

export const commands: Record<string, Command> = {
  check: checkCommand,
  list: { ...checkCommand, run: (context) => checkCommand.run({ ...context, positionals: [] }) },
  selfcheck: selfcheckCommand,
  bench: benchCommand,
  hint: hintCommand,
  reset: resetCommand,
  solution: solutionCommand,
  watch: watchCommand,
  grade: gradeCommand,
  new: newCommand,
};
