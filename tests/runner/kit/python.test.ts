// The tests that check a program from Python's side start python3 by its own path, found
// once per test thread (runner/kit/python.ts).
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { python3 } from '../../../runner/kit/python.js';

const onPath = (await execa('python3', ['-c', 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)'], { reject: false })).exitCode === 0;

describe('python3()', () => {
  it('is looked up once per thread', () => {
    expect(python3()).toBe(python3());
  });

  it.runIf(onPath)('gives a command that runs the same Python as python3 on the PATH', async () => {
    const found = await python3();
    expect(found).toBeDefined();
    const version = ['-c', 'import sys; print(sys.version)'];
    const direct = await execa(found ?? 'python3', version);
    const viaPath = await execa('python3', version);
    expect(direct.stdout).toBe(viaPath.stdout);
  });

  it.skipIf(onPath)('is undefined on a machine without python3 3.8 or later', async () => {
    expect(await python3()).toBeUndefined();
  });
});
