// A test that reports "your code threw" names the learner's line: the first frame of the
// error's stack in the code under test, past the runner, the tests and node_modules.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { thrownAt } from '../../../runner/kit/where.js';

const root = path.resolve(import.meta.dirname, '../../..');
const thrown = (...frames: string[]) => Object.assign(new Error('boom'), { stack: ['TypeError: boom', ...frames.map((frame) => `    at ${frame}`)].join('\n') });

describe('thrownAt', () => {
  it('names the first frame in the learner’s code, past node_modules, the runner and the tests', () => {
    const error = thrown(
      `next (${path.join(root, 'node_modules/pg/lib/client.js')}:10:5)`,
      `fetchJson (${path.join(root, 'runner/kit/http.ts')}:20:3)`,
      `methodNotAllowed (${path.join(root, 'exercises/01-routing/src/router.ts')}:162:65)`,
      `${path.join(root, 'exercises/01-routing/tests/router.test.ts')}:373:9`,
    );
    expect(thrownAt(error)).toBe(' (at exercises/01-routing/src/router.ts:162:65)');
  });

  it('reads file URLs, as ESM stacks print them', () => {
    const url = pathToFileURL(path.join(root, 'exercises/05-security/src/jwt.ts')).href;
    expect(thrownAt(thrown(`verifyJwt (${url}:7:11)`))).toBe(' (at exercises/05-security/src/jwt.ts:7:11)');
  });

  it('passes over an exercise’s try entry, which runs the README’s examples on the learner’s code', () => {
    const error = thrown(`${path.join(root, 'exercises/06-performance/try.ts')}:40:9`, `LruCache (${path.join(root, 'exercises/06-performance/src/lru-cache.ts')}:18:11)`);
    expect(thrownAt(error)).toBe(' (at exercises/06-performance/src/lru-cache.ts:18:11)');
    expect(thrownAt(thrown(`${path.join(root, 'exercises/06-performance/try.ts')}:40:9`))).toBe('');
  });

  it('says nothing when the learner’s code is not on the stack, or there is no error', () => {
    expect(thrownAt(thrown(`${path.join(root, 'exercises/03-crud/tests/support/database.ts')}:9:1`, 'node:internal/process/task_queues:95:5'))).toBe('');
    expect(thrownAt('a string')).toBe('');
    expect(thrownAt(undefined)).toBe('');
  });
});
