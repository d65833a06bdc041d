// Serves an exercise's example application for `npm run try`, on the port the runner
// gives in PORT (3000 when started by hand). Unfinished code throws TODO errors: instead
// of dying on the first one, the server keeps running and answers every request that
// meets one with a 500 that shows the error and where it came from, so the learner can
// poke at the parts that work and see which part does not. A save restarts it anyway.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';

/** A request listener that may return a promise (its rejection is shown, not lost). */
export type TryListener = (req: IncomingMessage, res: ServerResponse) => unknown;

const DEFAULT_PORT = 3000;

/** The port to listen on: PORT, as `npm run try -- --port N` sets it. */
export function tryPort(): number {
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : DEFAULT_PORT;
}

/**
 * Builds the application with `build` and serves it. A throw in `build` (a TODO in a
 * constructor) is shown on every request instead of ending the program.
 */
export async function serveExample(build: () => TryListener | Promise<TryListener>): Promise<void> {
  keepRunningOnStrayErrors();
  let app: TryListener | undefined;
  let failure: unknown;
  try {
    app = await build();
  } catch (error) {
    failure = error;
    console.error(`The application could not be built, so every request answers 500 until you save a fix:\n${describeError(error)}`);
  }
  const server = createServer((req, res) => {
    res.on('finish', () => console.log(`${req.method} ${req.url} → ${res.statusCode}`));
    // Shown once at start; each request only answers with it.
    if (app === undefined) return answerError(res, failure, false);
    try {
      Promise.resolve(app(req, res)).catch((error: unknown) => answerError(res, error));
    } catch (error) {
      answerError(res, error);
    }
  });
  const port = tryPort();
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(error.code === 'EADDRINUSE' ? `Port ${port} is taken: stop what uses it, or pick another with -- --port N.` : describeError(error));
    process.exit(1);
  });
  // 127.0.0.1, not every interface: code under construction is no one else's business.
  server.listen(port, '127.0.0.1', () => console.log(`Listening on http://localhost:${port}`));
}

function answerError(res: ServerResponse, error: unknown, log = true): void {
  const text = describeError(error);
  if (log) console.error(text);
  if (res.headersSent) return void res.destroy();
  const body = `npm run try: your code threw while answering this request\n\n${text}\n`;
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** The error's name and message, then the frames of the course's own files, with short paths. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at ') && !line.includes('node_modules') && !line.includes('node:'))
    .slice(0, 4)
    .map((line) => line.replace('file://', '').replace(`${process.cwd()}${path.sep}`, ''));
  return [`${error.name}: ${error.message}`, ...frames].join('\n');
}

/** A rejection nobody awaited is shown and the server goes on, as a request's error does. */
function keepRunningOnStrayErrors(): void {
  process.on('unhandledRejection', (error) => console.error(`An unhandled rejection:\n${describeError(error)}`));
  process.on('uncaughtException', (error) => console.error(`An uncaught exception:\n${describeError(error)}`));
}
