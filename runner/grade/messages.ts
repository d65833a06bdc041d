// Sentences a learner or an instructor reads in a grade, in one place so they stay
// consistent and reviewable.
export const GRADE_MESSAGES = {
  workingTreePristine:
    'no pristine copy of the course was found (no --pristine folder, and no git history): the test files in the working tree were used, so edits to them could not be detected or undone',
  gitWithoutCourse: (commit: string) => `the repository's first commit (${commit}) holds no exercises: the test files in the working tree were used instead`,
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
  pristineNotACourse: (folder: string) => `--pristine ${folder}: not a copy of the course (no exercises/*/exercise.json inside)`,
  unknownHiddenFolder: (folder: string, valid: string) => `--hidden: the folder ${folder} matches no exercise; name folders after the exercises: ${valid}`,
  noSubmissions: (folder: string) => `--submissions ${folder}: no subfolders to grade`,
  badNumber: (option: string, value: string) => `${option} must be a whole number greater than 0, not "${value}"`,
  exclusive: '--submissions and --root do not go together: --submissions grades every subfolder',
} as const;
