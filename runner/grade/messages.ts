// Sentences a learner or an instructor reads in a grade, in one place so they stay
// consistent and reviewable.
export const GRADE_MESSAGES = {
  workingTreePristine:
    "graded with this repository's own course files (the instructor's course, with its solutions): edits to its tests could not be detected or undone",
  notRun: 'this test did not run',
  notRunAfterHang: (test: string) => `this test did not run: the test "${test}" before it never finished`,
  fileDidNotLoad: (files: string) => `${files} did not load: this task's tests could not all run, so none of them count`,
  noTestsRan: 'no test of this task ran',
  noTestRanAtAll: (problems: string) => `no test ran: every test file failed to load.\n${problems}`,
  typeErrors: (count: number) => `${count} type error${count === 1 ? '' : 's'}`,
  ruleFindings: (count: number) => `${count} static-rule finding${count === 1 ? '' : 's'}`,
  outputCut: 'Output was truncated. Please limit to 500 chars.',
} as const;

export const GRADE_USAGE_ERRORS = {
  notACourse: (root: string) => `${root} is not a backend-katas repository: it has no exercises/ folder with an exercise.json`,
  noSuchFolder: (option: string, folder: string) => `${option} ${folder}: no such folder`,
  pristineNotACourse: (folder: string) => `--course ${folder}: not a copy of the course (no exercises/*/exercise.json inside)`,
  noTrustedCourse: (root: string) =>
    `${root} has no course to trust: it has no course.lock.json and is not the instructor's course; grade it with the instructor's course: npm run grade -- --root <learner's folder> --course <course folder>`,
  differsFromLock: (files: readonly string[]) =>
    `${files.length === 1 ? 'this file differs' : `these ${files.length} files differ`} from the course lock (course.lock.json), so this copy cannot grade itself: ${files.join(', ')}; npm run reset -- --tests <exercise> brings tests back, or grade with the instructor's course (--course <folder>)`,
  unknownHiddenFolder: (folder: string, valid: string) => `--hidden: the folder ${folder} matches no exercise; name folders after the exercises: ${valid}`,
  noSubmissions: (folder: string) => `--submissions ${folder}: no subfolders to grade`,
  badNumber: (option: string, value: string) => `${option} must be a whole number greater than 0, not "${value}"`,
  courseTwice: '--course and --pristine name the same thing: give one',
  notAShard: (dir: string) => `--merge ${dir}: no class.json there; give the --out folders of grade --submissions --shard k/n`,
  mergeTwice: (name: string) => `--merge: the learner ${name} is in two shards; give each shard's folder once`,
  shardWithout: '--shard splits a class: it goes with --submissions',
  badVisibility: (value: string, valid: string) => `--hidden-visibility must be one of ${valid}, not "${value}"`,
  exclusive: '--submissions and --root do not go together: --submissions grades every subfolder',
} as const;
