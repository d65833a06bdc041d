// Parses the command line and dispatches; every command lives in runner/commands/.
// Errors a person can fix become one line and exit code 2, never a stack trace.
import { parseArgs } from 'node:util';
import { ManifestError } from './course/manifest.js';
import { UnknownExerciseError } from './course/discover.js';
import { UnknownRuleError } from './check/static-rules.js';
import { MutantError } from './selfcheck/mutants.js';
import { commands, UsageError, type CommandContext } from './commands/index.js';
import { reporters } from './reporters/index.js';

export interface MainOptions {
  root: string;
  argv: string[];
}

const KNOWN_ERRORS = [UsageError, UnknownExerciseError, ManifestError, UnknownRuleError, MutantError];

export async function main({ root, argv }: MainOptions): Promise<number> {
  try {
    const [name = 'help', ...rest] = argv;
    const command = commands[name];
    if (!command) throw new UsageError(`unknown command "${name}": commands are ${Object.keys(commands).join(', ')}`);
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
