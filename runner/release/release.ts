// `npm run release`: a learner's repository built from this one, as nbgrader and
// otter-grader build the student version from the instructor's. Every exercise's src/
// is its starter; the classroom edition has no solutions and grades with the
// instructor's course (its workflow), the self-study edition keeps the solutions behind
// the pass gate. Mutants, the framework's tests and the authoring tools stay here. Last,
// course.lock.json records the version and a hash of every file handed out but the
// learner's own.
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashCourseFile, LOCK_FILE, writeLock, type CourseLock, type Edition } from '../course/course-lock.js';
import { courseVersion } from '../course/course-version.js';
import { loadCourse } from '../course/discover.js';
import { NEVER_COPIED } from '../grade/workspace.js';
import type { Exercise } from '../course/exercise.js';
import { AUTHOR_ONLY, EDITION_RULES, SHARED_ITEMS } from './edition-files.js';
import { learnerPackage } from './learner-package.js';
import { learnerReadme } from './learner-readme.js';

export interface ReleaseOptions {
  root: string;
  outDir: string;
  edition: Edition;
  /** `owner/name` of the instructor's course on GitHub, which the classroom workflow checks out. */
  courseRepository: string;
  /** The ref it is pinned at (a commit, a tag or a branch). */
  courseRef: string;
  /** The gradescope edition: the instructor's hidden tests (NN-slug/*.test.ts), copied to hidden/ beside the course. */
  hiddenDir?: string;
}

export interface Release {
  lock: CourseLock;
  /** Every file written, relative to the release (forward slashes). */
  files: string[];
}

/** Read from the sources: the runner runs compiled under .katas/, where no template is. */
const WORKFLOW_TEMPLATE = ['runner', 'release', 'templates', 'classroom.yml'];
const AUTOGRADER_TEMPLATES = ['runner', 'release', 'templates', 'gradescope'];
/** The two files Gradescope's autograder specification asks for at the top of the folder. */
const AUTOGRADER_SCRIPTS = ['setup.sh', 'run_autograder'];

export function buildRelease(options: ReleaseOptions): Release {
  const rules = EDITION_RULES[options.edition];
  if (!rules.autograder) return buildCourse(options, options.outDir);
  // Gradescope runs setup.sh and run_autograder from the folder's top; the course lives beside them.
  const course = buildCourse(options, path.join(options.outDir, 'course'));
  for (const script of AUTOGRADER_SCRIPTS) {
    const target = path.join(options.outDir, script);
    writeFileSync(target, readFileSync(path.join(options.root, ...AUTOGRADER_TEMPLATES, script), 'utf8'));
    chmodSync(target, 0o755);
  }
  if (options.hiddenDir !== undefined) cpSync(options.hiddenDir, path.join(options.outDir, 'hidden'), { recursive: true });
  return { lock: course.lock, files: listFiles(options.outDir).filter((file) => !file.startsWith('course/')).concat(course.files.map((file) => `course/${file}`)).sort() };
}

function buildCourse(options: ReleaseOptions, outDir: string): Release {
  const { root, edition } = options;
  const rules = EDITION_RULES[edition];
  const version = courseVersion(root);
  const authorOnly = new Set(AUTHOR_ONLY.map((item) => path.join(root, item)));
  const copy = (from: string, to: string): void => {
    if (existsSync(from)) cpSync(from, to, { recursive: true, filter: (source) => !NEVER_COPIED.has(path.basename(source)) && !authorOnly.has(source) });
  };
  mkdirSync(outDir, { recursive: true });
  for (const item of SHARED_ITEMS) copy(path.join(root, item), path.join(outDir, item));
  const course = loadCourse(root);
  for (const exercise of course) {
    copyExercise(exercise, path.join(outDir, 'exercises', exercise.folder), copy);
    if (rules.solutions) copy(exercise.solutionDir, path.join(outDir, 'solutions', exercise.folder));
  }
  writeText(outDir, 'package.json', learnerPackage(readFileSync(path.join(root, 'package.json'), 'utf8')));
  if (existsSync(path.join(root, 'README.md'))) {
    writeText(outDir, 'README.md', learnerReadme(readFileSync(path.join(root, 'README.md'), 'utf8'), rules.preface.replace('{version}', version)));
  }
  if (rules.workflow) writeText(outDir, '.github/workflows/classroom.yml', classroomWorkflow(options));
  const files = listFiles(outDir);
  const learnerFiles = new Set(course.flatMap((exercise) => exercise.files.map((file) => `exercises/${exercise.folder}/${file}`)));
  const lock: CourseLock = {
    course: packageName(root),
    version,
    edition,
    files: Object.fromEntries(files.filter((file) => !learnerFiles.has(file)).map((file) => [file, hashCourseFile(readFileSync(path.join(outDir, ...file.split('/'))))])),
  };
  writeLock(outDir, lock);
  return { lock, files: [...files, LOCK_FILE].sort() };
}

/** The exercise folder as the instructor keeps it, with src/ taken from the starter: the instructor's own experiments in src/ never ship. */
function copyExercise(exercise: Exercise, to: string, copy: (from: string, to: string) => void): void {
  for (const entry of readdirSync(exercise.dir)) {
    if (entry === 'src') continue;
    copy(path.join(exercise.dir, entry), path.join(to, entry));
  }
  copy(exercise.starterDir, path.join(to, 'src'));
}

function classroomWorkflow({ root, courseRepository, courseRef }: ReleaseOptions): string {
  return readFileSync(path.join(root, ...WORKFLOW_TEMPLATE), 'utf8').replaceAll('{{COURSE_REPOSITORY}}', courseRepository).replaceAll('{{COURSE_REF}}', courseRef);
}

function packageName(root: string): string {
  const data = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: unknown };
  return typeof data.name === 'string' ? data.name : path.basename(root);
}

function writeText(root: string, file: string, text: string): void {
  const target = path.join(root, ...file.split('/'));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

/** Every file under `root`, relative to it with forward slashes, sorted. */
export function listFiles(root: string, relative = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(root, child));
    else if (entry.isFile()) files.push(child);
  }
  return files.sort();
}
