import { describe, expect, it } from 'vitest';
import { buildClassReport, passRate } from '../../../../runner/grade/class/class-report.js';
import { formatClassCsv } from '../../../../runner/grade/class/csv.js';
import { formatClassHtml } from '../../../../runner/grade/class/html.js';
import { barLine, learnerLine } from '../../../../runner/grade/class/progress.js';
import { sampleLearners } from './support/learners.js';

const extra = { files: [], jobs: 2, generatedAt: '2026-01-02T03:04:05.000Z', durationMs: 61_000 };

describe('buildClassReport', () => {
  it('makes the exercises columns and counts, per task, the graded learners who passed it', () => {
    const report = buildClassReport(sampleLearners(), extra);
    expect(report.columns.map((column) => [column.id, column.possible])).toEqual([['exercise-01', 200], ['exercise-02', 300]]);
    expect(report.tasks.map((task) => `${task.exerciseId}/${task.task}: ${task.passed} of ${task.graded}`)).toEqual([
      'exercise-01/1: 3 of 3',
      'exercise-01/2: 1 of 3',
      'exercise-02/1: 1 of 3',
      'exercise-02/2: 1 of 3',
    ]);
  });

  it('lists the tasks most learners fail, the most failed first and in course order among equals, leaving out tasks everyone passes', () => {
    const report = buildClassReport(sampleLearners(), extra);
    expect(report.hardest.map((task) => `${task.exerciseId}/${task.task}`)).toEqual(['exercise-01/2', 'exercise-02/1', 'exercise-02/2']);
    expect(passRate(report.hardest[0]!)).toBeCloseTo(1 / 3);
  });
});

/** RFC 4180, strictly: quoted fields with doubled quotes, CRLF between records. */
function parseCsv(withBom: string): string[][] {
  if (!withBom.startsWith('\uFEFF')) throw new Error('no UTF-8 byte-order mark: Excel would read the file in the system code page');
  const text = withBom.slice(1);
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') (field += '"'), (index += 1);
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') record.push(field), (field = '');
    else if (char === '\r' && text[index + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), (index += 1);
    else if (char === '\n' || char === '\r') throw new Error(`a bare line break at ${index}`);
    else field += char;
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

describe('formatClassCsv', () => {
  it('has one row per learner and one column per exercise with the points earned, then the total', () => {
    const rows = parseCsv(formatClassCsv(buildClassReport(sampleLearners(), extra)));
    expect(rows[0]).toEqual(['learner', 'status', 'exercise-01 routing (2)', 'exercise-02 greet (3)', 'total (5)', 'course files changed', 'note']);
    expect(rows[1]).toEqual(['ada', 'graded', '2', '3', '5', '0', '']);
    expect(rows[2]).toEqual(['<script>alert(1)</script>', 'graded', '1', '0', '1', '2', '']);
    expect(rows[4]).toEqual(['hangs-forever', 'error', '', '', '', '', 'grading did not finish within 60 s']);
    for (const row of rows) expect(row).toHaveLength(rows[0]!.length);
  });

  it('keeps a name a spreadsheet would run as a formula as text, and quotes what needs quoting', () => {
    const rows = parseCsv(formatClassCsv(buildClassReport(sampleLearners(), extra)));
    expect(rows[3]?.slice(0, 5)).toEqual(['\'=cmd|"calc"', 'graded', '1.34', '0.5', '1.84']);
  });

  it('defuses every start OWASP lists (=, +, -, @, tab, carriage return, also after spaces), in names and notes, and leaves numbers alone', () => {
    const [ada, , , hung] = sampleLearners();
    const names = ['+1+2', '-1+2', '@SUM(A1)', '\t=1', '\r=1', '  =1+1', 'plain'];
    const learners = [...names.map((name) => ({ ...ada!, name })), { ...hung!, name: 'err', message: '=HYPERLINK("http://x")' }];
    const rows = parseCsv(formatClassCsv(buildClassReport(learners, extra)));
    expect(rows.slice(1, -1).map((row) => row[0])).toEqual(["'+1+2", "'-1+2", "'@SUM(A1)", "'\t=1", "'\r=1", "'  =1+1", 'plain']);
    expect(rows.at(-1)?.at(-1)).toBe('\'=HYPERLINK("http://x")');
    expect(rows[1]?.slice(2, 5)).toEqual(['2', '3', '5']);
  });
});

describe('formatClassHtml', () => {
  it('marks type errors, rule findings and untouched exercises in the heat map, and links each learner to their reports', () => {
    const [ada, odd] = sampleLearners();
    const [routing, greet] = ada!.exercises;
    const flagged = { ...ada!, exercises: [{ ...routing!, typeErrors: 2, ruleFindings: 1 }, { ...greet!, untouched: true }] };
    const html = formatClassHtml(buildClassReport([flagged, odd!], extra));
    expect(html).toContain('title="ada, exercise-01: fail; 2 type errors; 1 static-rule finding">2 / 2 <span class="mark type-errors">TS×2</span> <span class="mark rule-findings">rules×1</span></td>');
    expect(html).toContain('<td class="cell untouched" data-exercise="exercise-02"');
    expect(html).toContain('<a href="learners/ada/summary.md"');
    expect(html).toContain('<a href="learners/%3Cscript%3Ealert(1)%3C%2Fscript%3E/summary.md"');
  });
});

describe('progress lines', () => {
  it('draws a bar with the learners being graded and the ones that failed', () => {
    expect(barLine(3, 6, ['bob', 'eve'], 1)).toBe('[████████████░░░░░░░░░░░░] 3/6 learners · 1 could not be graded · grading bob, eve');
  });

  it('writes one plain line per learner elsewhere', () => {
    const [ada, , , hung] = sampleLearners();
    expect(learnerLine(ada!, 1, 4)).toBe('[1/4] ada: 5 / 5 points (4 s)');
    expect(learnerLine(hung!, 4, 4)).toBe('[4/4] hangs-forever: not graded: grading did not finish within 60 s (60 s)');
  });
});
