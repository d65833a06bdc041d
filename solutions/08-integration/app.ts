// Given code (nothing to do here): the service put together. It routes requests to the
// notes API and to your health routes (task 3), and wraps everything in your CORS
// policy (task 1) when one is given. Task 4's document describes what it serves.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { withCors, type CorsPolicy } from './cors.js';
import { createHealthRoutes, type Dependency, type HealthRoutes } from './health.js';
import { createNote, getNote, listNotes, NoteStore } from './notes.js';
import { sendProblem } from './respond.js';

export interface AppOptions {
  /** What /readyz checks, e.g. the database. */
  readonly dependencies: readonly Dependency[];
  readonly readinessTimeoutMs: number;
  /** Without a policy, no CORS headers are sent and browsers keep other origins out. */
  readonly cors?: CorsPolicy;
  readonly notes?: NoteStore;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export function createApp(options: AppOptions): RequestListener {
  // Made on first use, so the notes routes work before the health routes are written.
  let health: HealthRoutes | undefined;
  const healthRoutes = (): HealthRoutes => (health ??= createHealthRoutes({ dependencies: options.dependencies, timeoutMs: options.readinessTimeoutMs }));
  const store = options.notes ?? new NoteStore();

  const route = (path: string): Partial<Record<string, Handler>> | undefined => {
    if (path === '/healthz') return { GET: (req, res) => healthRoutes().liveness(req, res) };
    if (path === '/readyz') return { GET: (req, res) => healthRoutes().readiness(req, res) };
    if (path === '/notes') return { GET: (req, res) => listNotes(store, req, res), POST: (req, res) => createNote(store, req, res) };
    const note = /^\/notes\/([^/]+)$/.exec(path);
    if (note) return { GET: (req, res) => getNote(store, decodeSegment(note[1] ?? ''), req, res) };
    return undefined;
  };

  const router: RequestListener = (req, res) => {
    const methods = route(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (methods === undefined) return sendProblem(res, 404, 'Not Found', 'No such route.');
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const handler = methods[method];
    if (handler === undefined) {
      res.setHeader('Allow', allowOf(methods));
      return sendProblem(res, 405, 'Method Not Allowed', `Use ${allowOf(methods)}.`);
    }
    void run(handler, req, res);
  };

  return options.cors ? withCors(options.cors, router) : router;
}

async function run(handler: Handler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await handler(req, res);
  } catch (error) {
    // The cause goes to the server's log (the test output); the client gets no internals.
    console.error(`${req.method} ${req.url} failed:`, error);
    if (!res.headersSent) sendProblem(res, 500, 'Internal Server Error', 'The server failed to answer this request.');
    else res.destroy();
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape names no note: getNote answers 404
  }
}

function allowOf(methods: Partial<Record<string, Handler>>): string {
  const names = Object.keys(methods);
  return (names.includes('GET') ? [...names, 'HEAD'] : names).join(', ');
}
