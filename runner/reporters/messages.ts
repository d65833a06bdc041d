// Sentences a learner reads, in one place so they stay consistent and reviewable.
export const MESSAGES = {
  hintPointer: (id: string) => `Stuck? npm run hint ${id.replace('exercise-', '')} shows the next hint.`,
  passed: (id: string) => `${id} passes. Next: npm run check, or npm run solution ${id.replace('exercise-', '')} to compare with the reference.`,
  taskPassed: (id: string, task: number) => `${id} task ${task} passes; its other tasks did not run: npm run check ${id.replace('exercise-', '')} checks them all.`,
  hintKey: 'Stuck? Press h for a hint.',
  notRun: 'not run',
  failureHeading: 'Failure in the task you are on: ',
  testFailed: 'the test failed',
  moreFailing: (count: number) => `… and ${count} more failing`,
  onlyTask: (task: number) => `Task ${task} only (--task ${task}); the other tasks did not run`,
  allDone: 'Every exercise passes. Well done.',
  nextUp: (id: string) => `Next: npm run check ${id}`,
} as const;

/** The one name of the check that the learner left the course's test files alone, in every report. */
export const TAMPER_CASE = 'the course files are unchanged';

/** Lines of the GitHub Classroom log. */
export const CLASSROOM_WORDS = {
  part: (index: number, count: number) => `part ${index} of ${count}`,
  points: (earned: number, possible: number, counted: number) =>
    counted === earned ? `${earned} of ${possible} points` : `${earned} of ${possible} points, of which Classroom counts ${counted} (whole quarter points)`,
  counted: (passed: number, total: number) => `${passed} of ${total} tests pass`,
  firstFailure: (passed: number, total: number, test: string, message: string) => `${passed} of ${total} tests pass; first failure: ${test}: ${message}`,
  runIt: (id: string) => `See it yourself: npm run check ${id.replace('exercise-', '')}`,
  typeError: (id: string, at: string, code: string, message: string) => `${id} fails: type error ${code} at ${at}: ${message}`,
  ruleFinding: (id: string, at: string, rule: string, message: string) => `${id} fails: static rule ${rule} at ${at}: ${message}`,
  problem: (id: string, file: string | undefined, message: string) => `${id} fails: ${file ? `${file}: ` : ''}${message}`,
  tampered: (findings: string) => `Grading ran the course's own files; the learner ${findings}.`,
  notChecked: (version: string) => `not checked: graded with the instructor's own course ${version}`,
  course: (version: string) => `No test file was changed, skipped or deleted; graded with course ${version}.`,
} as const;

/** Sentences of the Gradescope results. */
export const GRADESCOPE_WORDS = {
  summary: (earned: number, possible: number, version: string, message: string | undefined) =>
    [`**backend-katas: ${earned} / ${possible} points**, graded with course ${version}.`, ...(message ? ['', message] : [])].join('\n'),
  hiddenSuffix: '(hidden tests)',
  passed: (passed: number, total: number, hidden: boolean) => `${passed} of ${total} ${hidden ? 'hidden ' : ''}tests pass.`,
  firstFailure: (test: string) => `**First failure:** ${test}`,
  runIt: (id: string) => `See it yourself: \`npm run check ${id.replace('exercise-', '')}\``,
  findingsName: (id: string) => `${id}: type errors, rule findings and run problems`,
  findings: 'These cost no points, but the exercise fails until they are fixed:',
  tampered: "Grading ran the course's own files; these changes did not affect the grade:",
  untampered: (version: string) => `No test file was changed, skipped or deleted; graded with course ${version}.`,
} as const;
