// The kit behind the try entries of the exercises without a server: each value beside
// the README's, the lines that differ marked, a throw shown with where it came from and
// ending its example only, and a count at the end.
import { afterEach, describe, expect, it } from 'vitest';
import { DIFFERS_MARK, FAILED_PREFIX, exampleRun, like, throws, value } from '../../../runner/kit/try-examples.js';

const listeners = process.listeners('unhandledRejection');
afterEach(() => {
  // exampleRun shows stray rejections; the test process keeps its own handlers only.
  for (const listener of process.listeners('unhandledRejection')) if (!listeners.includes(listener)) process.off('unhandledRejection', listener);
});

function recorded() {
  const lines: string[] = [];
  return { lines, run: exampleRun((line) => lines.push(...line.split('\n'))) };
}

describe('exampleRun', () => {
  it('prints each value beside the README’s, and marks only the lines that differ', async () => {
    const { lines, run } = recorded();
    await run.example('an example', async (step) => {
      await step.check("cache.get('b')", () => undefined, value(undefined));
      await step.check("cache.get('a')   // set at 0", () => 'A', value(undefined));
      await step.check('a UUID', () => 'not one', like('a fresh UUID', () => false));
    });
    expect(lines).toContain("  cache.get('b') → undefined   (README: undefined)");
    expect(lines).toContain(`${FAILED_PREFIX}cache.get('a') → 'A'   (README: undefined)   // set at 0   ${DIFFERS_MARK}`);
    expect(lines).toContain(`${FAILED_PREFIX}a UUID → 'not one'   (README: a fresh UUID)   ${DIFFERS_MARK}`);
    expect(run.finish()).toEqual({ matched: 1, differed: 2, threw: 0 });
  });

  it('ends an example at a throw nobody expected, and runs the next one', async () => {
    const { lines, run } = recorded();
    let after = false;
    await run.example('first', async (step) => {
      await step.run('new LruCache()', () => {
        throw new Error('TODO: task 1');
      });
      after = true;
    });
    await run.example('second', async (step) => {
      await step.check('queue.add(renderD)', () => Promise.reject(Object.assign(new Error('full'), { name: 'QueueFullError' })), throws('rejects with QueueFullError', (error) => (error as Error).name === 'QueueFullError'));
    });
    expect(after).toBe(false);
    expect(lines.find((line) => line.includes('TODO: task 1'))).toMatch(new RegExp(`^${FAILED_PREFIX}new LruCache\\(\\) threw Error: TODO: task 1`));
    expect(lines).toContain('  queue.add(renderD) → throws QueueFullError: full   (README: rejects with QueueFullError)');
    expect(run.finish()).toEqual({ matched: 1, differed: 0, threw: 1 });
    expect(lines.at(-1)).toBe('1 value compared with the README: 1 as it says, 0 different; 1 step threw.');
  });

  it('reports a step that never settles, within its bound, instead of hanging', async () => {
    const { lines, run } = recorded();
    await run.example('hung', async (step) => {
      await step.check('queue.onIdle()', () => new Promise(() => undefined), value(undefined), { boundMs: 50 });
    });
    expect(lines.some((line) => line.startsWith(`${FAILED_PREFIX}queue.onIdle() threw Error: did not settle within 0.05 s`))).toBe(true);
  });
});
