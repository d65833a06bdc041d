import { describe, expect, it } from 'vitest';
import { resolveExercise, UnknownExerciseError } from '../../../runner/course/discover.js';
import type { Exercise } from '../../../runner/course/exercise.js';

const exercise = (order: number, slug: string) => ({ order, slug, folder: `${String(order).padStart(2, '0')}-${slug}`, id: `exercise-${String(order).padStart(2, '0')}` }) as Exercise;
const course = [exercise(1, 'routing'), exercise(5, 'security'), exercise(10, 'architecture')];

describe('resolveExercise', () => {
  it.each(['exercise-05', '05', '5', 'security', '05-security', ' Security '])('finds exercise-05 from "%s"', (query) => {
    expect(resolveExercise(course, query).slug).toBe('security');
  });

  it('tells exercise-01 from exercise-10', () => {
    expect(resolveExercise(course, '10').slug).toBe('architecture');
    expect(resolveExercise(course, '1').slug).toBe('routing');
  });

  it('lists the valid ids in one line for an unknown one', () => {
    expect(() => resolveExercise(course, 'exercise-99')).toThrow(
      new UnknownExerciseError('unknown exercise "exercise-99": valid ones are exercise-01 (routing), exercise-05 (security), exercise-10 (architecture)'),
    );
  });
});
