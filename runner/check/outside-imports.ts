// The learner's files may import each other, packages and the course's kit, and nothing
// else of the repository: `export * from '../../../solutions/01-routing/router.js'` would
// pass every test without a line of the learner's own. Read from the text (import and
// export declarations, import() and require() with a literal), so it costs no parser.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from '../course/exercise.js';
import { sourceNames } from '../course/variants.js';
import { relativeToRoot } from '../paths.js';
import type { RuleViolation } from './results.js';

export const OUTSIDE_IMPORT_RULE = 'imports-stay-inside';

const WHY =
  "An exercise is solved by its own files: they may import each other, Node's modules and the installed packages, but not the reference solution, another exercise or the runner (only the course's kit under runner/kit).";

const OUTSIDE = (specifier: string) => `imports "${specifier}", which is outside this exercise's files`;

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"`])([^'"`\n]+)\1/gm;

/**
 * Imports of the files of src/ (in `dir`, src/ or a copy of it) that leave the exercise:
 * the given files too, which sit in src/ where a learner can edit them.
 */
export function findOutsideImports(root: string, exercise: Exercise, dir = exercise.srcDir): RuleViolation[] {
  const kit = path.join(root, 'runner', 'kit') + path.sep;
  const violations: RuleViolation[] = [];
  for (const file of sourceNames(exercise).map((name) => path.join(dir, name))) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[2] ?? '';
      if (!specifier.startsWith('.') && !path.isAbsolute(specifier) && !specifier.startsWith('file:')) continue;
      const target = specifier.startsWith('file:') ? new URL(specifier).pathname : path.resolve(path.dirname(file), specifier);
      if (target.startsWith(dir + path.sep) || target.startsWith(kit)) continue;
      const line = text.slice(0, match.index).split('\n').length;
      violations.push({ rule: OUTSIDE_IMPORT_RULE, file: relativeToRoot(root, file), line, message: OUTSIDE(specifier), why: WHY });
    }
  }
  return violations;
}
