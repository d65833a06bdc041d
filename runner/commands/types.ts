// The shape every command shares: its options for node:util parseArgs, its --help
// text, and run(), which returns the exit code.
import type { Reporter } from '../reporters/types.js';

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  root: string;
  values: OptionValues;
  positionals: string[];
  reporter: Reporter;
  out: (text: string) => void;
}

export interface Command {
  usage: string;
  options: Record<string, { type: 'boolean' | 'string'; short?: string }>;
  run: (context: CommandContext) => Promise<number>;
}

export class UsageError extends Error {}

export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  reporter: { type: 'string' },
  json: { type: 'boolean' },
} as const;
