// Puts one grade where its readers look: every format into the output folder (and
// Exercism's results.json per exercise under exercism/<NN-slug>/), and in
// GitHub Actions also the job summary ($GITHUB_STEP_SUMMARY) and the Classroom result
// as the step output `result` ($GITHUB_OUTPUT).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatClassroomResult } from '../reporters/classroom.js';
import { formatExercismResults } from '../reporters/exercism.js';
import { exercismResultsPath, formatExercismExercise } from '../reporters/exercism-exercise.js';
import { formatAnnotations, formatJobSummary } from '../reporters/github.js';
import { formatGradescope, type GradescopeOptions } from '../reporters/gradescope.js';
import { formatJUnit } from '../reporters/junit.js';
import type { GradeReport } from './types.js';

export const OUTPUT_FILES = {
  results: 'results.json',
  junit: 'junit.xml',
  summary: 'summary.md',
  annotations: 'annotations.txt',
  classroom: 'classroom-result.txt',
  gradescope: 'gradescope.json',
} as const;

export interface WrittenGrade {
  files: string[];
  annotations: string[];
}

export function writeGradeOutputs(report: GradeReport, outDir: string, env: NodeJS.ProcessEnv = process.env, gradescope: GradescopeOptions = {}): WrittenGrade {
  mkdirSync(outDir, { recursive: true });
  const summary = formatJobSummary(report);
  const annotations = formatAnnotations(report);
  const classroom = formatClassroomResult(report);
  const contents: Record<keyof typeof OUTPUT_FILES, string> = {
    results: formatExercismResults(report),
    junit: formatJUnit(report),
    summary,
    annotations: annotations.map((line) => `${line}\n`).join(''),
    classroom: `${classroom}\n`,
    gradescope: formatGradescope(report, gradescope),
  };
  const files = Object.entries(OUTPUT_FILES).map(([key, name]) => {
    const file = path.join(outDir, name);
    writeFileSync(file, contents[key as keyof typeof OUTPUT_FILES]);
    return file;
  });
  // Exercism runs a test runner on one exercise: each gets the results.json of its own.
  for (const exercise of report.exercises) {
    const file = path.join(outDir, ...exercismResultsPath(exercise).split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, formatExercismExercise(exercise));
    files.push(file);
  }
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary);
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `result=${classroom}\n`);
  return { files, annotations };
}
