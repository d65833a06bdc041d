import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from '../../../runner/course/manifest.js';

const valid = {
  order: 3,
  slug: 'crud',
  title: 'Database whisperer',
  files: ['src/repo.ts'],
  tests: ['tests/repo.test.ts'],
  tasks: [{ number: 1, title: 'Migrate' }],
};

describe('parseManifest', () => {
  it('fills in defaults for points, rules, summary and limits', () => {
    const info = parseManifest(JSON.stringify(valid), 'exercise.json');
    expect(info.tasks).toEqual([{ number: 1, title: 'Migrate', points: 1 }]);
    expect(info.rules).toEqual([]);
    expect(info.summary).toBe('');
    expect(info.limits).toEqual({ testTimeoutMs: 5_000, runTimeoutMs: 30_000 });
  });

  it('names the file and the field at fault', () => {
    const broken = { ...valid, tasks: [{ number: 1, title: 7 }] };
    expect(() => parseManifest(JSON.stringify(broken), 'exercises/03-crud/exercise.json')).toThrow(
      new ManifestError('exercises/03-crud/exercise.json: tasks[0].title must be a string'),
    );
  });

  it('refuses a slug that is not kebab-case and a negative order', () => {
    expect(() => parseManifest(JSON.stringify({ ...valid, slug: 'Crud Stuff' }), 'x')).toThrow('slug must be a kebab-case name');
    expect(() => parseManifest(JSON.stringify({ ...valid, order: -1 }), 'x')).toThrow('order must be a whole number');
  });

  it('reports JSON that does not parse in one line', () => {
    expect(() => parseManifest('{ "order": ', 'x.json')).toThrow(/^x\.json: not valid JSON/);
  });
});
