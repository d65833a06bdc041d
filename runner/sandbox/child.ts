// The process a test run lives in. The runner starts it in a process group of its own,
// with a marker in its environment, so that when the run ends everything learner code
// started can be ended with it. Learner code runs in this process's worker threads: a
// kill signal, a crash or a heap that runs out ends this process, never the runner.
import { TestSession } from '../check/test-run.js';
import type { FromSandbox, ToSandbox } from './protocol.js';
import { describeError, lastWorkerError, noteWorkerErrors } from './worker-errors.js';

let session: TestSession | undefined;
noteWorkerErrors();

function send(message: FromSandbox): void {
  process.send?.(message);
}

async function handle(message: ToSandbox): Promise<void> {
  switch (message.type) {
    case 'open':
      session = await TestSession.open(message.root, message.targets, {
        ...message.options,
        onFileDone: (target, file, outcome, durationMs) => send({ type: 'file', target, file, outcome, ...(durationMs === undefined ? {} : { durationMs }) }),
      });
      send({ type: 'opened' });
      return;
    case 'run': {
      if (!session) throw new Error('run before open');
      const outcomes = await session.run(message.changed);
      send({ type: 'done', outcomes, usable: session.usable });
      return;
    }
    case 'close':
      await session?.close();
      process.disconnect?.();
      process.exit(0);
  }
}

process.on('message', (message: ToSandbox) => {
  handle(message).catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
// A worker that died takes vitest's pool down with an error nobody handles: tell the
// runner why (it names the test that was running), then end.
process.on('uncaughtException', (error) => {
  send({ type: 'failed', message: `${lastWorkerError()} ${describeError(error)}`.trim() });
  setTimeout(() => process.exit(1), 100);
});
// The runner went away: nothing is left to report to.
process.on('disconnect', () => process.exit(0));
