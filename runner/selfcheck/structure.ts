// The parts of the bar that are about layout, not behaviour: every task has a README
// heading, hints and tests; every test belongs to a task; every file has the role
// exercise.json gives it, and one source (fileRoleProblems).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestResult } from '../check/results.js';
import type { Exercise } from '../course/exercise.js';
import { parseHints, readmeTaskNumbers } from '../course/hints.js';
import { sourceName } from '../course/variants.js';

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
  return [...problems, ...fileRoleProblems(exercise)];
}

/**
 * A learner file has a starter and a solution; a given file has a starter only (its one
 * source: the solution is assembled with it); starter/ and solutions/ hold nothing else.
 */
export function fileRoleProblems(exercise: Pick<Exercise, 'folder' | 'files' | 'given' | 'starterDir' | 'solutionDir'>): string[] {
  const problems: string[] = [];
  const solutions = `solutions/${exercise.folder}`;
  const learner = exercise.files.map(sourceName);
  const given = exercise.given.map(sourceName);
  for (const name of learner) {
    if (!existsSync(path.join(exercise.starterDir, name))) problems.push(`starter/${name} is missing: write the learner file's starter there (exercise.json files lists src/${name})`);
    if (!existsSync(path.join(exercise.solutionDir, name))) problems.push(`${solutions}/${name} is missing: write the reference solution of src/${name} there`);
  }
  for (const name of given) {
    if (!existsSync(path.join(exercise.starterDir, name))) problems.push(`starter/${name} is missing: a given file lives in starter/ (exercise.json given lists src/${name})`);
    if (existsSync(path.join(exercise.solutionDir, name))) problems.push(`${solutions}/${name} copies a given file: delete it, the solution takes starter/${name}`);
  }
  for (const name of filesUnder(exercise.starterDir).filter((file) => !learner.includes(file) && !given.includes(file))) {
    problems.push(`starter/${name} has no role: list src/${name} in exercise.json files (the learner's) or given, or delete it`);
  }
  for (const name of filesUnder(exercise.solutionDir).filter((file) => !learner.includes(file) && !given.includes(file))) {
    problems.push(`${solutions}/${name} is not a learner file: list src/${name} in exercise.json files, or delete it`);
  }
  return problems;
}

/** Paths relative to `dir`, with forward slashes as exercise.json writes them. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
