// Parses the command line and dispatches; every command lives in runner/commands/.
// Errors a person can fix become one line and exit code 2, never a stack trace.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LockError } from './course/course-lock.js';
import { ManifestError } from './course/manifest.js';
import { UnknownExerciseError } from './course/discover.js';
import { UnknownRuleError } from './check/static-rules.js';
import { commands, UsageError, type CommandContext } from './commands/index.js';
import type { Command } from './commands/types.js';
import { reporters } from './reporters/index.js';

export interface MainOptions {
  root: string;
  argv: string[];
}

const KNOWN_ERRORS = [UsageError, UnknownExerciseError, ManifestError, UnknownRuleError, LockError];

export async function main({ root, argv }: MainOptions): Promise<number> {
  try {
    const [name = 'help', ...rest] = argv;
    const all = { ...commands, ...(await authorCommands()) };
    const command = all[name];
    if (!command) throw new UsageError(`unknown command "${name}": commands are ${Object.keys(all).join(', ')}`);
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    if (values.help === true) {
      process.stdout.write(`${command.usage}\n`);
      return 0;
    }
    const reporterName = typeof values.reporter === 'string' ? values.reporter : values.json === true ? 'json' : 'pretty';
    const makeReporter = reporters[reporterName];
    if (!makeReporter) throw new UsageError(`unknown reporter "${reporterName}": reporters are ${Object.keys(reporters).join(', ')}`);
    const context: CommandContext = { root, values, positionals, reporter: makeReporter(), out: (text) => process.stdout.write(text) };
    return await command.run(context);
  } catch (error) {
    const known = KNOWN_ERRORS.some((kind) => error instanceof kind) || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`${known ? '' : 'runner error: '}${(error as Error).message}\n`);
    return 2;
  }
}

/** The instructor's commands, when this copy of the course has them (a learner's edition does not). */
async function authorCommands(): Promise<Record<string, Command>> {
  // Not a literal import: the learner's edition compiles without the file.
  const specifier = './commands/author.js';
  if (!existsSync(fileURLToPath(new URL(specifier, import.meta.url)))) return {};
  return ((await import(specifier)) as { authorCommands: Record<string, Command> }).authorCommands;
}
