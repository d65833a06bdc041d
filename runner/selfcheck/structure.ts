// The parts of the bar that are about layout, not behaviour: every task has a README
// heading, hints and tests; every test belongs to a task; every starter file has a
// working copy in src/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestResult } from '../check/results.js';
import { stripSrc } from '../check/static-rules.js';
import type { Exercise } from '../course/exercise.js';
import { parseHints, readmeTaskNumbers } from '../course/hints.js';

export function checkStructure(exercise: Exercise, solutionTests: readonly TestResult[]): string[] {
  const problems: string[] = [];
  const readme = readIfExists(exercise.readmeFile);
  const hints = parseHints(readIfExists(exercise.hintsFile) ?? '');
  const headings = new Set(readme === undefined ? [] : readmeTaskNumbers(readme));
  if (readme === undefined) problems.push('README.md is missing');
  if (!existsSync(exercise.hintsFile)) problems.push('hints.md is missing');
  for (const task of exercise.tasks) {
    if (readme !== undefined && !headings.has(task.number)) problems.push(`README.md has no "## ${task.number}." heading for task ${task.number}`);
    if ((hints.get(task.number) ?? []).length === 0) problems.push(`hints.md has no hints for task ${task.number}`);
    if (!solutionTests.some((test) => test.task === task.number)) problems.push(`task ${task.number} has no tests (a describe('task ${task.number}: ...') block)`);
  }
  for (const heading of headings) {
    if (!exercise.tasks.some((task) => task.number === heading)) problems.push(`README.md has a "## ${heading}." heading but exercise.json has no task ${heading}`);
  }
  for (const test of solutionTests) {
    if (test.task === null || !exercise.tasks.some((task) => task.number === test.task)) {
      problems.push(`the test "${test.path.join(' › ')}" is in no task of exercise.json`);
    }
  }
  for (const file of exercise.files) {
    const name = stripSrc(file);
    if (!existsSync(path.join(exercise.starterDir, name))) problems.push(`starter/${name} is missing: the pristine starter must have every learner file`);
    if (!existsSync(path.join(exercise.solutionDir, name))) problems.push(`solutions/${exercise.folder}/${name} is missing`);
  }
  return problems;
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
