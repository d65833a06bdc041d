// Runs an exercise's static rules (exercise.json "rules") over one copy of its files:
// the learner's src/, or the starter, solution or a mutant in the self-check.
import path from 'node:path';
import { relativeToRoot } from '../paths.js';
import type { RuleRef } from '../course/manifest.js';
import type { RuleViolation } from './results.js';

export class UnknownRuleError extends Error {}

/**
 * `dir` holds the files named in the rules, relative to the exercise folder with the
 * leading `src/` replaced by `dir` (the layout every copy of an exercise shares).
 */
export async function runStaticRules(root: string, rules: readonly RuleRef[], dir: string): Promise<RuleViolation[]> {
  if (rules.length === 0) return [];
  // ts-morph costs a few hundred milliseconds to load: only exercises with rules pay it.
  const [{ Project }, { staticRules }] = await Promise.all([import('ts-morph'), import('../rules/index.js')]);
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, compilerOptions: { noLib: true } });
  const violations: RuleViolation[] = [];
  for (const ref of rules) {
    const rule = staticRules[ref.rule];
    if (!rule) throw new UnknownRuleError(`unknown static rule "${ref.rule}": known rules are ${Object.keys(staticRules).join(', ')}`);
    for (const file of ref.files) {
      const absolute = path.join(dir, stripSrc(file));
      const source = project.getSourceFile(absolute) ?? project.addSourceFileAtPathIfExists(absolute);
      if (!source) continue;
      for (const finding of rule.check(source)) {
        violations.push({ rule: rule.name, file: relativeToRoot(root, absolute), line: finding.line, message: finding.message, why: rule.why });
      }
    }
  }
  return violations;
}

/** `src/router.ts` → `router.ts`: copies of an exercise mirror its src/ folder. */
export function stripSrc(file: string): string {
  return file.replace(/^src[\\/]/, '');
}
