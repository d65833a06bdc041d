// Steps the machine was too busy to judge, even one file at a time: a verdict built on
// them would be the machine's, not the code's. A hang is judged like any failure (it
// fails the solution, it catches a mutant) and stops nothing: the other files, and the
// tests before it in its own file, keep their results.
import type { TargetOutcome } from '../check/test-collect.js';

export function notJudged(outcomes: ReadonlyMap<string, TargetOutcome>): { target: string; message: string }[] {
  return [...outcomes].flatMap(([target, outcome]) => outcome.problems.filter((problem) => problem.kind === 'busy').map((problem) => ({ target, message: problem.message })));
}
