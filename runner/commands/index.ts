// Every command a learner runs, by name; the instructor's are in author.ts.
import { checkCommand } from './check.js';
import { gradeCommand } from './grade.js';
import { hintCommand } from './hint.js';
import { resetCommand } from './reset.js';
import { solutionCommand } from './solution.js';
import { watchCommand } from './watch.js';
import { tryCommand } from './try.js';
import type { Command } from './types.js';

export { UsageError, type CommandContext } from './types.js';

export const commands: Record<string, Command> = {
  check: checkCommand,
  list: { ...checkCommand, run: (context) => checkCommand.run({ ...context, positionals: [] }) },
  hint: hintCommand,
  reset: resetCommand,
  solution: solutionCommand,
  watch: watchCommand,
  try: tryCommand,
  grade: gradeCommand,
};
