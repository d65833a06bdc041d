// Text a file must contain before a rule can find anything in it. Checked before
// ts-morph is loaded (about half a second): a file without `.stack` in it cannot read a
// stack. A rule without an entry here always runs; an entry must never be narrower
// than the rule (tests/runner/rules/triggers.test.ts holds each to its flagged cases).
export const ruleTriggers: Record<string, RegExp> = {
  'no-stack-in-response': /\.\s*stack\b/,
};
