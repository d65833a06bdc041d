// `npm run new -- <slug> [--title "..."]`: scaffolds the next-numbered exercise.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scaffoldFiles } from '../authoring/scaffold.js';
import { loadCourse } from '../course/discover.js';
import { COMMON_OPTIONS, UsageError, type Command } from './types.js';

export const newCommand: Command = {
  usage: [
    'npm run new -- <slug> [--title "Title"]',
    '',
    '  scaffolds exercises/NN-<slug>/ (manifest, README, hints, starter, src, a test file),',
    '  solutions/NN-<slug>/ and tests/mutants/NN-<slug>/, numbered after the last exercise.',
    '  npm test reports it as unfinished until it has a real solution and mutants.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, title: { type: 'string' } },
  async run({ root, positionals, values, out }) {
    const [slug] = positionals;
    if (slug === undefined || !/^[a-z][a-z0-9-]*$/.test(slug)) throw new UsageError('new needs a kebab-case slug: npm run new -- rate-limits --title "Rate limits"');
    const course = loadCourse(root);
    if (course.some((exercise) => exercise.slug === slug)) throw new UsageError(`an exercise with the slug "${slug}" exists already`);
    const order = Math.max(0, ...course.map((exercise) => exercise.order)) + 1;
    const title = typeof values.title === 'string' ? values.title : slug.replace(/-/g, ' ');
    const files = scaffoldFiles({ order, slug, title });
    for (const file of files.keys()) {
      if (existsSync(path.join(root, file))) throw new UsageError(`${file} exists already: nothing was written`);
    }
    for (const [file, text] of files) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    out(`Created exercise-${String(order).padStart(2, '0')} (${slug}):\n${[...files.keys()].map((file) => `  ${file}`).join('\n')}\nNext: write the tests and the solution, then npm run selfcheck ${slug}.\n`);
    return 0;
  },
};
