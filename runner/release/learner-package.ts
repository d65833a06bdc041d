// The package.json of a learner's edition: the same dependencies (package-lock.json must
// still match them for `npm ci`), only the scripts a learner runs.
import { LEARNER_SCRIPTS } from './edition-files.js';

export function learnerPackage(text: string): string {
  const data = JSON.parse(text) as { scripts?: Record<string, string> } & Record<string, unknown>;
  const scripts = Object.fromEntries(Object.entries(data.scripts ?? {}).filter(([name]) => LEARNER_SCRIPTS.includes(name)));
  return `${JSON.stringify({ ...data, scripts }, null, 2)}\n`;
}
