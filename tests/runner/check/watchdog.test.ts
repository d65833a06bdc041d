import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Watchdog } from '../../../runner/check/watchdog.js';

const limits = { testTimeoutMs: 1_000, runTimeoutMs: 10_000 };

function setUp() {
  const trace = path.join(mkdtempSync(path.join(tmpdir(), 'katas-wd-')), 'trace.ndjson');
  const write = (event: string, test: string, at: number, project = 'p', file = '/x.test.ts') =>
    appendFileSync(trace, `${JSON.stringify({ event, project, file, test, at })}\n`);
  return { watchdog: new Watchdog(trace, (project) => (project === 'p' ? limits : undefined), 500), write };
}

describe('Watchdog', () => {
  it('names the test that started and never ended once its timeout and the grace have passed', () => {
    const { watchdog, write } = setUp();
    write('load', '', 0);
    write('start', 'first', 10);
    write('end', 'first', 20);
    write('start', 'stuck', 30);
    expect(watchdog.findStall(1_000)).toBeUndefined();
    expect(watchdog.findStall(1_600)).toEqual({ project: 'p', file: '/x.test.ts', test: 'stuck', waitedMs: 1_570 });
  });

  it('gives a file that is still loading a longer budget, then reports it without a test name', () => {
    const { watchdog, write } = setUp();
    write('load', '', 0);
    expect(watchdog.findStall(5_000)).toBeUndefined();
    expect(watchdog.findStall(10_600)).toMatchObject({ test: undefined, waitedMs: 10_600 });
  });

  it('forgets a file once vitest reports it finished, even if its trace is read later', () => {
    const { watchdog, write } = setUp();
    watchdog.moduleEnded('p', '/x.test.ts');
    write('load', '', 0);
    write('start', 'late', 1);
    expect(watchdog.findStall(60_000)).toBeUndefined();
  });

  it('reads a line that was only half written on the next look', () => {
    const { watchdog, write } = setUp();
    write('load', '', 0);
    const trace = (watchdog as unknown as { traceFile: string }).traceFile;
    appendFileSync(trace, '{"event":"start","project":"p","file":"/x.test.ts",');
    expect(watchdog.findStall(100)).toBeUndefined();
    appendFileSync(trace, '"test":"t","at":50}\n');
    expect(watchdog.findStall(1_600)).toMatchObject({ test: 't' });
  });
});

describe('Watchdog and the whole suite', () => {
  it('stops a suite that runs longer than its runTimeoutMs in all, though every test is within its own timeout', () => {
    const { watchdog, write } = setUp();
    write('load', '', 0);
    for (let at = 0; at < 10_400; at += 800) {
      write('start', `t${at}`, at);
      write('end', `t${at}`, at + 700);
    }
    write('start', 'last', 10_400);
    expect(watchdog.findStall(10_450)).toBeUndefined();
    expect(watchdog.findStall(10_600)).toMatchObject({ test: 'last', waitedMs: 10_600 });
  });
});

describe('Watchdog and a test with its own timeout', () => {
  it('allows a test the timeout it sets itself when that is longer than the exercise limit', () => {
    const { watchdog } = setUp();
    const trace = (watchdog as unknown as { traceFile: string }).traceFile;
    appendFileSync(trace, `${JSON.stringify({ event: 'load', project: 'p', file: '/x.test.ts', test: '', at: 0 })}\n`);
    appendFileSync(trace, `${JSON.stringify({ event: 'start', project: 'p', file: '/x.test.ts', test: 'slow', timeout: 4_000, at: 0 })}\n`);
    expect(watchdog.findStall(3_000)).toBeUndefined();
    expect(watchdog.findStall(4_600)).toMatchObject({ test: 'slow' });
  });
});
