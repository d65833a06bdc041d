// What `npm run grade -- --submissions` prints when done: the class in a few lines and
// where the CSV and the HTML report are.
import type { Colors } from '../../reporters/colors.js';
import { relativeToRoot } from '../../paths.js';
import { toPoints } from '../types.js';
import { passRate } from './class-report.js';
import type { ClassReport } from './types.js';

export function formatClassText(c: Colors, report: ClassReport, root: string): string {
  const graded = report.learners.filter((learner) => learner.status === 'graded');
  const failed = report.learners.filter((learner) => learner.status === 'error');
  const lines = [c.bold(`Graded ${graded.length} of ${report.learners.length} learners in ${Math.round(report.durationMs / 1000)} s (${report.jobs} at a time)`)];
  for (const learner of failed) lines.push(`  ${c.red('✗')} ${learner.name}: ${learner.message ?? ''}`);
  if (graded.length > 0) {
    const average = graded.reduce((sum, learner) => sum + learner.points.earned, 0) / graded.length;
    const possible = graded[0]?.points.possible ?? 0;
    lines.push(`Average: ${toPoints(Math.round(average))} of ${toPoints(possible)} points`);
  }
  if (report.hardest.length > 0) {
    lines.push('', 'The tasks most learners fail:');
    lines.push(...report.hardest.map((task) => `  ${task.exerciseId} task ${task.task} (${task.title}): ${Math.round(passRate(task) * 100)}% pass`));
  }
  lines.push('', c.dim(`Reports: ${report.files.map((file) => relativeToRoot(root, file)).join(', ')}`));
  return `${lines.join('\n')}\n`;
}
