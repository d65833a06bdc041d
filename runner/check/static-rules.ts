// Runs an exercise's static rules (exercise.json "rules") over one copy of its files:
// the learner's src/, or the starter, solution or a mutant in the self-check.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ruleTriggers } from '../rules/triggers.js';
import { relativeToRoot } from '../paths.js';
import type { RuleRef } from '../course/manifest.js';
import type { RuleViolation } from './results.js';

export class UnknownRuleError extends Error {}

/**
 * `dir` holds the files named in the rules, relative to the exercise folder with the
 * leading `src/` replaced by `dir` (the layout every copy of an exercise shares).
 */
export async function runStaticRules(root: string, allRules: readonly RuleRef[], dir: string): Promise<RuleViolation[]> {
  const rules = allRules.filter((ref) => mayFire(ref, dir));
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
        violations.push({ rule: rule.name, file: relativeToRoot(root, absolute), line: finding.line, message: finding.message, why: rule.why, accepts: rule.accepts });
      }
    }
  }
  return violations;
}

/** False only when every file of the rule lacks the text the rule needs (see rules/triggers.ts). */
function mayFire(ref: RuleRef, dir: string): boolean {
  const trigger = ruleTriggers[ref.rule];
  if (!trigger) return true;
  return ref.files.some((file) => {
    const absolute = path.join(dir, stripSrc(file));
    return existsSync(absolute) && trigger.test(readFileSync(absolute, 'utf8'));
  });
}

/** `src/router.ts` → `router.ts`: copies of an exercise mirror its src/ folder. */
export function stripSrc(file: string): string {
  return file.replace(/^src[\\/]/, '');
}
