// Sentences a learner reads, in one place so they stay consistent and reviewable.
export const MESSAGES = {
  hintPointer: (id: string) => `Stuck? npm run hint ${id.replace('exercise-', '')} shows the next hint.`,
  passed: (id: string) => `${id} passes. Next: npm run check, or npm run solution ${id.replace('exercise-', '')} to compare with the reference.`,
  notRun: 'not run',
  allDone: 'Every exercise passes. Well done.',
  nextUp: (id: string) => `Next: npm run check ${id}`,
} as const;
