// Every reporter by the name `--reporter <name>` takes.
import { colorsFor } from './colors.js';
import { jsonReporter } from './json.js';
import { prettyReporter } from './pretty.js';
import type { Reporter } from './types.js';

export const reporters: Record<string, () => Reporter> = {
  pretty: () => prettyReporter(colorsFor(process.stdout), process.stdout.columns),
  json: () => jsonReporter,
};
