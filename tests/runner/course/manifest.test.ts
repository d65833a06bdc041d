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
    expect(info.given, 'an exercise with no given files need not say so').toEqual([]);
    expect(info.summary).toBe('');
    expect(info.limits).toEqual({ testTimeoutMs: 5_000, runTimeoutMs: 30_000, heapMb: 2_048 });
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

  it('reads the given files beside the learner\'s, paths relative to the exercise folder', () => {
    const info = parseManifest(JSON.stringify({ ...valid, given: ['src/db.ts'] }), 'exercise.json');
    expect(info.files).toEqual(['src/repo.ts']);
    expect(info.given).toEqual(['src/db.ts']);
  });

  it('refuses a file that is both the learner\'s and given, naming it', () => {
    expect(() => parseManifest(JSON.stringify({ ...valid, given: ['src/repo.ts'] }), 'exercises/03-crud/exercise.json')).toThrow(
      new ManifestError("exercises/03-crud/exercise.json: src/repo.ts is in both files and given; a file is either the learner's or given"),
    );
  });

  it('refuses given files that are not a list of paths', () => {
    expect(() => parseManifest(JSON.stringify({ ...valid, given: 'src/db.ts' }), 'x')).toThrow('given must be an array');
    expect(() => parseManifest(JSON.stringify({ ...valid, given: [3] }), 'x')).toThrow('given[0] must be a string');
  });

  it('reports JSON that does not parse in one line', () => {
    expect(() => parseManifest('{ "order": ', 'x.json')).toThrow(/^x\.json: not valid JSON/);
  });
});

describe('parseManifest: try', () => {
  it('reads the program npm run try starts, and leaves it out when absent', () => {
    expect(parseManifest(JSON.stringify({ ...valid, try: 'try.ts' }), 'x').try).toBe('try.ts');
    expect('try' in parseManifest(JSON.stringify(valid), 'x')).toBe(false);
  });

  it('refuses a try that is not a string', () => {
    expect(() => parseManifest(JSON.stringify({ ...valid, try: true }), 'x')).toThrow('try must be a string');
  });
});
