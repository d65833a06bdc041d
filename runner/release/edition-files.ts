// What each edition of the course takes from the instructor's repository. Data only:
// release.ts does the copying.
import type { Edition } from '../course/course-lock.js';

/** Taken as they are by every edition (the exercises are copied by release.ts, src/ from the starter). */
export const SHARED_ITEMS = ['package-lock.json', 'tsconfig.json', 'vitest.config.ts', '.gitattributes', '.gitignore', '.devcontainer', '.vscode', 'runner'];

/** The instructor's and authors' tools (paths relative to the repository): in no learner's edition. */
export const AUTHOR_ONLY = [
  'runner/authoring',
  'runner/release',
  'runner/bench',
  'runner/commands/author.ts',
  'runner/commands/bench.ts',
  'runner/commands/new.ts',
  'runner/commands/release.ts',
  'runner/commands/selfcheck.ts',
];

/** The npm scripts a learner runs; the others (npm test, selfcheck, new, bench, release) are the instructor's. */
export const LEARNER_SCRIPTS = ['check', 'list', 'watch', 'hint', 'reset', 'solution', 'try', 'grade'];

/** What differs between editions. */
export const EDITION_RULES: Record<Edition, { solutions: boolean; workflow: boolean; autograder: boolean; preface: string }> = {
  classroom: {
    solutions: false,
    workflow: true,
    autograder: false,
    preface:
      "This is the classroom edition of the course (version {version}). Your instructor's copy of the course grades every push you make: the tests here are the same ones, so `npm run check` tells you where you stand, and editing them changes nothing but your own view. The reference solutions are not part of this edition.",
  },
  'self-study': {
    solutions: true,
    workflow: false,
    autograder: false,
    preface:
      'This is the self-study edition of the course (version {version}). `npm run solution <exercise>` shows the reference solution once your code passes that exercise: working it out is the exercise.',
  },
  gradescope: {
    solutions: false,
    workflow: false,
    autograder: true,
    preface: "This is the course as Gradescope's autograder runs it (version {version}): the grader's own copy, never handed to learners.",
  },
};
