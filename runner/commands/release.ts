// `npm run release -- --out <folder>`: a learner's repository built from this one (see
// runner/release/release.ts), and what the instructor does next.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { EDITIONS, LOCK_FILE, type Edition } from '../course/course-lock.js';
import { gitOutput as git } from '../course/course-version.js';
import { buildRelease } from '../release/release.js';
import { COMMON_OPTIONS, UsageError, type Command, type OptionValues } from './types.js';

export const releaseCommand: Command = {
  usage: [
    'npm run release -- --out <folder> [--edition classroom|self-study|gradescope] [--course-repository <owner/name>] [--course-ref <ref>] [--hidden <folder>]',
    '',
    "  builds a learner's repository from this one: every exercise's src/ from its starter, no mutants,",
    "  no framework tests, no authoring tools, a learner's README and course.lock.json (the version and a",
    '  hash of every file handed out). classroom (the default): no solutions, and a GitHub Classroom',
    "  workflow that grades with this course at --course-repository (default: this repository's GitHub",
    '  origin) and --course-ref (default: the current commit). self-study: the solutions, behind the',
    '  pass gate, and no workflow. gradescope: the autograder folder Gradescope takes (zip it): setup.sh',
    '  installs Node.js 24 and the course, run_autograder grades /autograder/submission with course/ into',
    '  /autograder/results/results.json; --hidden <folder> adds the instructor\'s hidden tests.',
  ].join('\n'),
  options: { ...COMMON_OPTIONS, out: { type: 'string' }, edition: { type: 'string' }, 'course-repository': { type: 'string' }, 'course-ref': { type: 'string' }, hidden: { type: 'string' } },
  async run({ root, values, out }) {
    const outDir = outFolder(values);
    const edition = editionOf(values.edition);
    const release = buildRelease({
      root,
      outDir,
      edition,
      courseRepository: stringValue(values['course-repository']) ?? originRepository(root) ?? 'OWNER/COURSE',
      courseRef: stringValue(values['course-ref']) ?? git(root, 'rev-parse', 'HEAD') ?? 'main',
      ...hiddenOf(values, edition),
    });
    out(`${edition} edition of ${release.lock.course} ${release.lock.version}: ${release.files.length} files in ${outDir} (${LOCK_FILE} holds their hashes)\n`);
    return 0;
  },
};

function outFolder(values: OptionValues): string {
  const value = stringValue(values.out);
  if (value === undefined) throw new UsageError('release needs --out <folder>: npm run release -- --out ../katas-classroom');
  // npm runs scripts from the package root; INIT_CWD is where the person typed the command.
  const outDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), value);
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new UsageError(`--out ${value}: the folder is not empty; a release goes into a new or empty folder`);
  return outDir;
}

function hiddenOf(values: OptionValues, edition: Edition): { hiddenDir?: string } {
  const value = stringValue(values.hidden);
  if (value === undefined) return {};
  if (edition !== 'gradescope') throw new UsageError('--hidden goes with --edition gradescope: the classroom workflow checks hidden tests out of their own repository');
  const hiddenDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), value);
  if (!existsSync(hiddenDir)) throw new UsageError(`--hidden ${value}: no such folder`);
  return { hiddenDir };
}

function editionOf(value: OptionValues[string]): Edition {
  if (value === undefined) return 'classroom';
  if (typeof value === 'string' && (EDITIONS as readonly string[]).includes(value)) return value as Edition;
  throw new UsageError(`--edition ${String(value)}: editions are ${EDITIONS.join(', ')}`);
}

function stringValue(value: OptionValues[string]): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** `owner/name` from a GitHub origin (https or ssh), if there is one. */
function originRepository(root: string): string | undefined {
  const url = git(root, 'remote', 'get-url', 'origin');
  return url === undefined ? undefined : /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?$/.exec(url)?.[1];
}

