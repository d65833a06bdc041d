// Task 4: your tests of slugify() (read ./slugify.ts first). `npm run check 09` runs this
// file against the real slugify(), where every test must pass, and against versions
// of it that each have one bug, where at least one test must fail.
// Replace the it.todo below with tests: one behaviour per it(), each with expect().
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LENGTH, slugify } from './slugify.js';

describe('slugify', () => {
  it.todo('writes words in lower case joined by hyphens');
});
