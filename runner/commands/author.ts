// The instructor's and authors' commands. A learner's edition ships without this file
// (and without the tools it loads), so the command line loads it only when it is there.
import type { Command } from './types.js';
import { benchCommand } from './bench.js';
import { newCommand } from './new.js';
import { releaseCommand } from './release.js';
import { selfcheckCommand } from './selfcheck.js';

export const authorCommands: Record<string, Command> = {
  selfcheck: selfcheckCommand,
  bench: benchCommand,
  new: newCommand,
  release: releaseCommand,
};
