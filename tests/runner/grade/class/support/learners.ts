// Learners' rows for the class report tests: a strong one, a weak one, one whose
// grading failed, and names that HTML and spreadsheets treat specially.
import type { LearnerResult, LearnerTask } from '../../../../../runner/grade/class/types.js';

function task(number: number, title: string, earned: number, possible = 100): LearnerTask {
  return { number, title, status: earned === possible ? 'pass' : earned === 0 ? 'fail' : 'fail', points: { earned, possible } };
}

function learner(name: string, routing: [number, number], greet: [number, number], tampered = 0): LearnerResult {
  const exercises = [
    { id: 'exercise-01', slug: 'routing', title: 'Routing', status: 'fail' as const, points: { earned: routing[0] + routing[1], possible: 200 }, tasks: [task(1, 'Static routes', routing[0]), task(2, 'Path parameters', routing[1])] },
    { id: 'exercise-02', slug: 'greet', title: 'Greeter', status: 'fail' as const, points: { earned: greet[0] + greet[1], possible: 300 }, tasks: [task(1, 'Greet by name', greet[0]), task(2, 'Describe an error', greet[1], 200)] },
  ];
  const earned = exercises.reduce((sum, exercise) => sum + exercise.points.earned, 0);
  return { name, status: 'graded', exercises, points: { earned, possible: 500 }, tampered, durationMs: 4_000 };
}

export function sampleLearners(): LearnerResult[] {
  return [
    learner('ada', [100, 100], [100, 200]),
    learner('<script>alert(1)</script>', [100, 0], [0, 0], 2),
    learner('=cmd|"calc"', [100, 34], [50, 0]),
    { name: 'hangs-forever', status: 'error', message: 'grading did not finish within 60 s', exercises: [], points: { earned: 0, possible: 0 }, tampered: 0, durationMs: 60_000 },
  ];
}
