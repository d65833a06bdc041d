// The class as a spreadsheet: one row per learner, one column per exercise with the
// points earned, then the total (RFC 4180: commas, quotes doubled, CRLF line ends). It
// starts with a UTF-8 byte-order mark: without it Excel reads the file in the system's
// code page and a learner named Zoë becomes ZoÃ«.
import { toPoints } from '../types.js';
import type { ClassReport, LearnerResult } from './types.js';

const BOM = '\uFEFF';
/**
 * What makes a spreadsheet read a cell as a formula (OWASP, CSV injection): =, +, -, @ and
 * a tab or carriage return first, also after leading spaces, which spreadsheets skip.
 */
const FORMULA_START = /^\s*[=+\-@]|^[\t\r]/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

export function formatClassCsv(report: ClassReport): string {
  const possible = report.columns.reduce((sum, column) => sum + column.possible, 0);
  const header = ['learner', 'status', ...report.columns.map((column) => `${column.id} ${column.slug} (${toPoints(column.possible)})`), `total (${toPoints(possible)})`, 'course files changed', 'note'];
  const rows = report.learners.map((learner) => row(report, learner));
  return `${BOM}${[header, ...rows].map((cells) => cells.map(quote).join(',')).join('\r\n')}\r\n`;
}

function row(report: ClassReport, learner: LearnerResult): string[] {
  if (learner.status === 'error') return [learner.name, 'error', ...report.columns.map(() => ''), '', '', learner.message ?? ''];
  const cells = report.columns.map((column) => {
    const exercise = learner.exercises.find((item) => item.id === column.id);
    return exercise ? String(toPoints(exercise.points.earned)) : '';
  });
  return [learner.name, 'graded', ...cells, String(toPoints(learner.points.earned)), String(learner.tampered), ''];
}

/** Also defuses text a spreadsheet would run as a formula: a leading quote makes it text. Numbers stay numbers. */
function quote(value: string): string {
  const safe = FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
