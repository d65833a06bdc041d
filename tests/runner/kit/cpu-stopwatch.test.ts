// A bound on work is counted in the thread's own CPU time: waiting (for a timer, or for a
// CPU the machine gives to others) does not count, running does.
import { describe, expect, it } from 'vitest';
import { cpuStopwatch } from '../../../runner/kit/time.js';

describe('cpuStopwatch', () => {
  it('does not count time spent waiting, and counts time spent running', async () => {
    const cpu = cpuStopwatch();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterWaiting = cpu();
    expect(afterWaiting, 'a 300 ms wait costs next to no CPU').toBeLessThan(150);
    let spun = 0;
    while (cpu() - afterWaiting < 50) spun += 1;
    expect(cpu() - afterWaiting).toBeGreaterThanOrEqual(50);
    expect(spun).toBeGreaterThan(0);
  });
});
