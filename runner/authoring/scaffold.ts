// The files of a new exercise in the house layout. Its solution starts as a copy of the
// starter, so the self-check reports the exercise as unfinished until an author writes one.
export interface ScaffoldInput {
  order: number;
  slug: string;
  title: string;
}

/** Relative path (from the repository) → content. */
export function scaffoldFiles({ order, slug, title }: ScaffoldInput): Map<string, string> {
  const folder = `${String(order).padStart(2, '0')}-${slug}`;
  const name = camel(slug);
  const starter = [
    `// Task 1: replace the TODO with your implementation.`,
    `export function ${name}(input: string): string {`,
    `  throw new Error(\`TODO: task 1 — ${title}: handle "\${input}"\`);`,
    `}`,
    '',
  ].join('\n');
  const manifest = {
    order,
    slug,
    title,
    summary: `TODO: one sentence on what the learner builds in ${title}.`,
    files: [`src/${slug}.ts`],
    // Written out, empty, so that an author finds where code the learner only reads is named.
    given: [],
    tests: [`tests/${slug}.test.ts`],
    tasks: [{ number: 1, title: 'First task', points: 1 }],
    rules: [],
    limits: { testTimeoutMs: 5000, runTimeoutMs: 30000, heapMb: 2048 },
  };
  return new Map([
    [`exercises/${folder}/exercise.json`, `${JSON.stringify(manifest, null, 2)}\n`],
    [`exercises/${folder}/README.md`, readme(order, title)],
    [`exercises/${folder}/hints.md`, '## 1. First task\n\n- A nudge in the right direction.\n- A closer hint.\n- Nearly the answer.\n'],
    // Empty: every rule the README states goes here with the tests that hold it (the self-check asks).
    [`exercises/${folder}/rules.json`, '{ "rules": [] }\n'],
    [`exercises/${folder}/starter/${slug}.ts`, starter],
    [`exercises/${folder}/src/${slug}.ts`, starter],
    [`exercises/${folder}/tests/${slug}.test.ts`, testFile(name, slug)],
    [`solutions/${folder}/${slug}.ts`, starter],
    [`tests/mutants/${folder}/README.md`, mutantsReadme(folder, slug)],
  ]);
}

function readme(order: number, title: string): string {
  return [
    `# Exercise ${String(order).padStart(2, '0')} — ${title}`,
    '',
    'What this skill is for, in a few paragraphs that teach, with a small example.',
    '',
    '## How to work',
    '',
    `Edit the files in \`src/\`, then run \`npm run check ${String(order).padStart(2, '0')}\`.`,
    '',
    '## 1. First task',
    '',
    'What to build, with examples and the exact rules the tests hold you to.',
    '',
    '## References',
    '',
    '- The RFC, OWASP sheet or specification that defines correct behaviour.',
    '',
    '## Out of scope',
    '',
    '- What this exercise leaves out, and where to learn it.',
    '',
  ].join('\n');
}

function testFile(name: string, slug: string): string {
  return [
    "import { describe, expect, it } from 'vitest';",
    `import { ${name} } from '../src/${slug}.js';`,
    '',
    "describe('task 1: first task', () => {",
    "  it('describes one behaviour in a sentence', () => {",
    `    expect(${name}('input'), 'why this matters, and the standard it comes from').toBe('TODO: the expected result');`,
    '  });',
    '});',
    '',
  ].join('\n');
}

function mutantsReadme(folder: string, slug: string): string {
  return [
    `# Mutants of ${folder}`,
    '',
    'One realistic mistake per `.patch` file: a line that says what the mistake is, a blank line, then',
    '',
    '```sh',
    `cp solutions/${folder}/${slug}.ts /tmp/${slug}.ts   # make the mistake in the copy`,
    `( echo 'What the mistake is.'; echo; diff -u --label a/${slug}.ts --label b/${slug}.ts solutions/${folder}/${slug}.ts /tmp/${slug}.ts ) > tests/mutants/${folder}/the-mistake.patch`,
    '```',
    '',
  ].join('\n');
}

function camel(slug: string): string {
  return slug.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
