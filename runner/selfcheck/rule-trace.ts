// Every rule an exercise's README states, traced to the tests that hold it, in
// exercises/NN-slug/rules.json:
//   { "rules": [ { "task": 1, "rule": "<the README's words>", "tests": ["<test name>", ...] } ] }
// The self-check fails a rule without a test, a test without a rule, a rule whose words
// the README no longer says, a test name the suite does not have, and a README sentence
// that says "must" with no rule quoting it. A test is named by its `it` text, or by its
// full path ("task 1: ... › it text") when the `it` text alone is not unique.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestResult } from '../check/results.js';
import type { Exercise } from '../course/exercise.js';

export const TRACE_FILE = 'rules.json';

interface TracedRule {
  task: number;
  rule: string;
  tests: string[];
}

export function checkRuleTrace(exercise: Exercise, solutionTests: readonly TestResult[]): string[] {
  const file = path.join(exercise.dir, TRACE_FILE);
  if (!existsSync(file)) return [`${TRACE_FILE} is missing: list every rule README.md states, each with the tests that hold it`];
  const parsed = parseTrace(readFileSync(file, 'utf8'));
  if (typeof parsed === 'string') return [`${TRACE_FILE}: ${parsed}`];
  const readme = existsSync(exercise.readmeFile) ? readFileSync(exercise.readmeFile, 'utf8') : '';
  const prose = collapse(withoutCode(readme));
  const problems: string[] = [];
  const referenced = new Set<TestResult>();
  for (const [index, rule] of parsed.entries()) {
    const at = `${TRACE_FILE} rule ${index + 1} ("${clip(rule.rule)}")`;
    if (!exercise.tasks.some((task) => task.number === rule.task)) problems.push(`${at}: exercise.json has no task ${rule.task}`);
    if (!prose.includes(collapse(rule.rule))) problems.push(`${at}: README.md does not say this; quote the README's own words`);
    if (rule.tests.length === 0) problems.push(`${at}: no test holds this rule`);
    for (const name of rule.tests) {
      const matches = solutionTests.filter((test) => test.name === name || test.path.join(' › ') === name);
      if (matches.length === 0) problems.push(`${at}: the suite has no test "${name}"`);
      else if (matches.length > 1) problems.push(`${at}: "${name}" names ${matches.length} tests; name one by its full path (describe › it)`);
      else referenced.add(matches[0] as TestResult);
    }
  }
  for (const test of solutionTests) {
    if (!referenced.has(test)) problems.push(`the test "${test.path.join(' › ')}" holds no rule of ${TRACE_FILE}: trace it to the README rule it checks`);
  }
  const quoted = parsed.map((rule) => collapse(rule.rule));
  for (const sentence of mustSentences(readme)) {
    if (!quoted.some((rule) => sentence.includes(rule) || rule.includes(sentence))) problems.push(`README.md says "${clip(sentence)}", and no rule of ${TRACE_FILE} quotes it`);
  }
  return problems;
}

function parseTrace(text: string): TracedRule[] | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  const rules = (data as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return 'needs a "rules" list';
  for (const [index, rule] of rules.entries()) {
    const item = rule as Partial<TracedRule> | null;
    const valid = Number.isInteger(item?.task) && typeof item?.rule === 'string' && item.rule.trim() !== '' && Array.isArray(item.tests) && item.tests.every((test) => typeof test === 'string');
    if (!valid) return `rule ${index + 1} needs a task number, the rule's words and a list of test names`;
  }
  return rules as TracedRule[];
}

/** The README without fenced code and HTML comments: rules are prose, examples are not. */
function withoutCode(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, ' ').replace(/<!--[\s\S]*?-->/g, ' ');
}

/** Whitespace collapsed, so that a rule quoted across a line break still matches. */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Sentences of the README's prose that say "must": each is a rule by its own words. */
function mustSentences(markdown: string): string[] {
  return paragraphs(withoutCode(markdown))
    .flatMap((paragraph) => paragraph.split(/(?<=[.!?])\s+|\s*\|\s*|\s+-\s+/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => /\bmust\b/i.test(sentence));
}

/**
 * Blocks of prose: lines up to a blank line. A heading and a table row are blocks of
 * their own; a list item starts a block that its wrapped lines continue.
 */
function paragraphs(markdown: string): string[] {
  const blocks: string[][] = [[]];
  for (const line of markdown.split(/\r?\n/)) {
    const alone = /^\s*(#|\|)/.test(line);
    const item = /^\s*([-*] |\d+\. )/.test(line);
    if (line.trim() === '' || alone || item) blocks.push([]);
    (blocks.at(-1) as string[]).push(line);
    if (alone) blocks.push([]);
  }
  return blocks.map((block) => collapse(block.join(' '))).filter(Boolean);
}

function clip(text: string): string {
  const flat = collapse(text);
  return flat.length > 70 ? `${flat.slice(0, 69)}…` : flat;
}
