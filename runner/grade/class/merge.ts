// `npm run grade -- --merge <dir>... --out <dir>`: the class report from the shards'
// outputs, as one machine would have written it: every shard's rows (class.json) in the
// order a single run sorts learners, their report folders copied beside, and the CSV and
// HTML written from them with the same code.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../commands/types.js';
import { GRADE_USAGE_ERRORS } from '../messages.js';
import { buildClassReport } from './class-report.js';
import { formatClassCsv } from './csv.js';
import { CLASS_FILES, compareLearnerNames } from './grade-class.js';
import { formatClassHtml } from './html.js';
import type { ClassReport, LearnerResult } from './types.js';

export interface MergeOptions {
  shardDirs: readonly string[];
  outDir: string;
}

export function mergeClass(options: MergeOptions): ClassReport {
  const started = Date.now();
  const learners = options.shardDirs.flatMap(readRows);
  const seen = new Set<string>();
  for (const learner of learners) {
    if (seen.has(learner.name)) throw new UsageError(GRADE_USAGE_ERRORS.mergeTwice(learner.name));
    seen.add(learner.name);
  }
  learners.sort((a, b) => compareLearnerNames(a.name, b.name));
  mkdirSync(path.join(options.outDir, CLASS_FILES.learners), { recursive: true });
  for (const dir of options.shardDirs) {
    const from = path.join(dir, CLASS_FILES.learners);
    if (existsSync(from) && path.resolve(from) !== path.resolve(options.outDir, CLASS_FILES.learners)) cpSync(from, path.join(options.outDir, CLASS_FILES.learners), { recursive: true });
  }
  const csv = path.join(options.outDir, CLASS_FILES.csv);
  const html = path.join(options.outDir, CLASS_FILES.html);
  const report = buildClassReport(learners, { files: [csv, html], jobs: 0, generatedAt: new Date(started).toISOString(), durationMs: learners.reduce((sum, learner) => sum + learner.durationMs, 0) });
  writeFileSync(csv, formatClassCsv(report));
  writeFileSync(html, formatClassHtml(report));
  writeFileSync(path.join(options.outDir, CLASS_FILES.rows), `${JSON.stringify(learners, null, 2)}\n`);
  return report;
}

/** A shard's rows, as its grade --submissions wrote them. */
function readRows(dir: string): LearnerResult[] {
  const file = path.join(dir, CLASS_FILES.rows);
  if (!existsSync(file)) throw new UsageError(GRADE_USAGE_ERRORS.notAShard(dir));
  const rows = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(rows) || !rows.every((row) => typeof row === 'object' && row !== null && typeof (row as { name?: unknown }).name === 'string')) throw new UsageError(GRADE_USAGE_ERRORS.notAShard(dir));
  return rows as LearnerResult[];
}
