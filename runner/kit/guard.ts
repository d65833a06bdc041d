// Runs before every exercise test file. After the file's tests it looks for servers
// still listening: learner code that starts one at import time (or never closes one)
// keeps a real process alive, so the runner reports it by file instead of hanging.
import { afterAll } from 'vitest';

const LEFT_OPEN =
  'a server is still listening after the tests of this file finished: a module that calls listen() when it is imported keeps the process alive. Export the server (or a function that creates it) and let the caller start it.';

afterAll(async () => {
  // Let close callbacks that are already under way finish first.
  await new Promise((resolve) => setImmediate(resolve));
  const open = process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap');
  if (open.length > 0) throw new Error(LEFT_OPEN);
});
