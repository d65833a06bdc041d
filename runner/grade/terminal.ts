// What `npm run grade` prints: the points per exercise, what the learner changed in the
// course files, and where the reports are. The reports themselves hold the details.
import type { Colors } from '../reporters/colors.js';
import type { GradedExercise, GradeReport, Points } from './types.js';
import { toPoints } from './types.js';

export function formatGradeText(c: Colors, report: GradeReport, files: readonly string[]): string {
  const width = Math.max(0, ...report.exercises.map((exercise) => exercise.slug.length));
  const lines = [c.bold(`Grade: ${pointsText(report.points)} points (${percent(report.points)})`), ''];
  lines.push(...report.exercises.map((exercise) => exerciseLine(c, exercise, width)));
  const { changed, deleted, markers } = report.tamper;
  if (changed.length + deleted.length + markers.length > 0) {
    lines.push('', c.yellow('Course files changed by the learner (grading ran the pristine ones):'));
    lines.push(...changed.map((file) => `  changed  ${file}`), ...deleted.map((file) => `  deleted  ${file}`));
    lines.push(...markers.map((item) => `  ${item.marker.padEnd(7)}  ${item.file}:${item.line}  ${c.dim(item.source)}`));
  }
  if (report.hiddenFiles.length > 0) lines.push('', `Hidden tests: ${report.hiddenFiles.length} file(s) added.`);
  lines.push(...report.warnings.map((warning) => `${c.yellow('warning:')} ${warning}`));
  lines.push('', c.dim(`Graded with course ${report.pristine.version}. Reports: ${files.join(', ')}`));
  return `${lines.join('\n')}\n`;
}

function exerciseLine(c: Colors, exercise: GradedExercise, width: number): string {
  const mark = exercise.status === 'pass' ? c.green('✓') : exercise.points.earned > 0 ? c.yellow('◐') : c.red('✗');
  const note = exercise.message ? c.dim(`  ${exercise.message.split('\n')[0] ?? ''}`) : '';
  return `  ${mark} ${exercise.id}  ${exercise.slug.padEnd(width)}  ${pointsText(exercise.points).padStart(11)}${note}`;
}

function pointsText(points: Points): string {
  return `${toPoints(points.earned)} / ${toPoints(points.possible)}`;
}

function percent(points: Points): string {
  return points.possible === 0 ? '0%' : `${Math.round((points.earned / points.possible) * 100)}%`;
}
