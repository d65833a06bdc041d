// The class report an instructor opens in a browser: one self-contained file (inline
// CSS, no script, nothing fetched) with a learners-by-exercises heat map, each task's
// pass rate, and the tasks most learners fail.
import { toPoints, type Points } from '../types.js';
import { passRate } from './class-report.js';
import { GRADE_MESSAGES } from '../messages.js';
import type { ClassReport, ExerciseColumn, LearnerExercise, LearnerResult, TaskStat } from './types.js';

/** Where grade-class.ts writes each learner's reports (CLASS_FILES.learners), beside this file. */
const CLASS_LEARNERS_DIR = 'learners';
const UNTOUCHED_TITLE = 'left as handed out';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d2330; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
.meta { color: #5a6275; margin: 0 0 1rem; }
table { border-collapse: collapse; }
th, td { padding: .3rem .55rem; border: 1px solid #d9dce3; text-align: left; }
th { background: #f3f4f7; font-weight: 600; }
td.cell { text-align: center; min-width: 4.5rem; font-variant-numeric: tabular-nums; }
td.total { font-weight: 600; text-align: right; }
tr.error td { background: #fbe9e9; color: #8a1f1f; }
.bar { display: inline-block; width: 10rem; height: .7rem; background: #eceef2; vertical-align: middle; margin-right: .5rem; }
.bar span { display: block; height: 100%; background: #3c8d5a; }
.legend span { display: inline-block; padding: .1rem .5rem; margin-right: .25rem; border: 1px solid #d9dce3; }
ol li { margin: .2rem 0; }
th a { color: inherit; }
.mark { font-size: .75rem; font-weight: 600; color: #8a1f1f; white-space: nowrap; }
.mark.untouched { color: #5a6275; }
td.untouched { background-image: repeating-linear-gradient(45deg, transparent 0 6px, rgba(255,255,255,.55) 6px 9px); }
`;

export function formatClassHtml(report: ClassReport): string {
  const graded = report.learners.filter((learner) => learner.status === 'graded').length;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Class report: ${report.learners.length} learners</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>Class report</h1>`,
    `<p class="meta">${report.learners.length} learners, ${graded} graded, ${report.columns.length} exercises · generated ${escape(report.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</p>`,
    '<h2 id="heat-map">Points by learner and exercise</h2>',
    legend(),
    heatMap(report),
    '<h2 id="hardest">The tasks most learners fail</h2>',
    hardest(report.hardest),
    '<h2 id="pass-rates">Pass rate of every task</h2>',
    passRates(report.tasks),
    '</body></html>',
    '',
  ].join('\n');
}

function heatMap(report: ClassReport): string {
  const head = `<tr><th scope="col">Learner</th>${report.columns.map((column) => `<th scope="col" title="${escape(column.title)}">${escape(column.id)}<br>${escape(column.slug)}</th>`).join('')}<th scope="col">Total</th></tr>`;
  const rows = report.learners.map((learner) => learnerRow(learner, report.columns));
  return `<table class="heat-map"><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function learnerRow(learner: LearnerResult, columns: readonly ExerciseColumn[]): string {
  // Each learner's reports sit beside this file, under learners/<name>/.
  const name = `<th scope="row"><a href="${CLASS_LEARNERS_DIR}/${escape(encodeURIComponent(learner.name))}/summary.md" title="${escape(`${learner.name}'s reports`)}">${escape(learner.name)}</a></th>`;
  if (learner.status === 'error') return `<tr class="error" data-learner="${escape(learner.name)}">${name}<td colspan="${columns.length + 1}">not graded: ${escape(learner.message ?? 'unknown error')}</td></tr>`;
  const cells = columns.map((column) => {
    const exercise = learner.exercises.find((item) => item.id === column.id);
    const points = exercise?.points ?? { earned: 0, possible: column.possible };
    const notes = exercise ? cellNotes(exercise) : [];
    const title = [`${learner.name}, ${column.id}: ${exercise?.status ?? 'missing'}`, ...notes.map((note) => note.title)].join('; ');
    const marks = notes.map((note) => ` <span class="mark ${note.kind}">${note.mark}</span>`).join('');
    return `<td class="cell${exercise?.untouched ? ' untouched' : ''}" data-exercise="${escape(column.id)}" style="background:${heat(fraction(points))}" title="${escape(title)}">${pointsText(points)}${marks}</td>`;
  });
  const changed = learner.tampered > 0 ? ` <span title="course files changed">⚠</span>` : '';
  return `<tr data-learner="${escape(learner.name)}">${name}${cells.join('')}<td class="total">${pointsText(learner.points)}${changed}</td></tr>`;
}

interface CellNote {
  kind: 'type-errors' | 'rule-findings' | 'untouched';
  mark: string;
  title: string;
}

/** What costs no points but fails the exercise, and work not started: visible without hovering. */
function cellNotes(exercise: LearnerExercise): CellNote[] {
  const typeErrors = exercise.typeErrors ?? 0;
  const ruleFindings = exercise.ruleFindings ?? 0;
  return [
    ...(typeErrors > 0 ? [{ kind: 'type-errors' as const, mark: `TS×${typeErrors}`, title: GRADE_MESSAGES.typeErrors(typeErrors) }] : []),
    ...(ruleFindings > 0 ? [{ kind: 'rule-findings' as const, mark: `rules×${ruleFindings}`, title: GRADE_MESSAGES.ruleFindings(ruleFindings) }] : []),
    ...(exercise.untouched ? [{ kind: 'untouched' as const, mark: '∅', title: UNTOUCHED_TITLE }] : []),
  ];
}

function legend(): string {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((value) => `<span style="background:${heat(value)}">${Math.round(value * 100)}%</span>`);
  return `<p class="legend">Share of the points earned: ${stops.join('')} · ⚠ the learner changed course files (grading ran the pristine ones) · TS×n type errors and rules×n static-rule findings (no points lost, but the exercise fails) · ∅ ${UNTOUCHED_TITLE} · a learner's name opens their reports</p>`;
}

function hardest(tasks: readonly TaskStat[]): string {
  if (tasks.length === 0) return '<p>Every graded learner passed every task.</p>';
  return `<ol class="hardest">${tasks.map((task) => `<li>${taskName(task)}: passed by ${task.passed} of ${task.graded} (${percent(passRate(task))})</li>`).join('')}</ol>`;
}

function passRates(tasks: readonly TaskStat[]): string {
  const rows = tasks.map(
    (task) =>
      `<tr><td>${taskName(task)}</td><td><span class="bar"><span style="width:${percent(passRate(task))}"></span></span>${percent(passRate(task))}</td><td>${task.passed} of ${task.graded}</td></tr>`,
  );
  return `<table class="pass-rates"><thead><tr><th scope="col">Task</th><th scope="col">Pass rate</th><th scope="col">Learners</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function taskName(task: TaskStat): string {
  return `${escape(task.exerciseId)} ${escape(task.slug)}, task ${task.task}: ${escape(task.title)}`;
}

/** Red (nothing) through amber to green (everything), light enough for dark text. */
export function heat(share: number): string {
  return `hsl(${Math.round(share * 120)}, 70%, 78%)`;
}

function fraction(points: Points): number {
  return points.possible === 0 ? 0 : points.earned / points.possible;
}

function pointsText(points: Points): string {
  return `${toPoints(points.earned)} / ${toPoints(points.possible)}`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
