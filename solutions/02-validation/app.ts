// POST /signup over real HTTP: the body is read by its Content-Type, bound to the
// sign-up shape and validated; every refusal is an RFC 9457 problem details object
// (application/problem+json) whose status says whose fault it is and what kind.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ACCEPTED_MEDIA_TYPES, parseBody, type ParsedBody } from './body.js';
import { SIGNUP_SHAPE, validateSignup, type Signup } from './signup.js';
import type { FieldError } from './types.js';

export interface UserStore {
  /** Saves a valid sign-up (hashing its password is the store's job) and returns the new user's id. */
  add(signup: Signup): Promise<string>;
}

/** One entry of the `errors` extension member, as in RFC 9457 section 3's own example. */
export interface ProblemError {
  /** A JSON Pointer (RFC 6901) in URI fragment form: '#/address/postcode'. */
  pointer: string;
  detail: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemError[];
}

/** The problem type of a request whose fields are wrong; a URI that names it for good. */
export const INVALID_FIELDS_TYPE = 'https://backend-katas.example/problems/invalid-fields';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

// With type "about:blank" the title is the status's own phrase (RFC 9457 section 4.2.1).
const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

export function createApp(store: UserStore): RequestListener {
  return (req, res) => {
    handle(req, res, store).catch((error: unknown) => {
      // The details go to the server's log, never into the answer.
      console.error(error);
      if (res.headersSent) res.destroy();
      else sendProblem(res, statusProblem(500, 'The server could not handle this request.'));
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, store: UserStore): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname !== '/signup') return sendProblem(res, statusProblem(404, `Nothing is served at ${pathname}.`));
  if (req.method !== 'POST') return sendProblem(res, statusProblem(405, 'Sign up with POST.'), { allow: 'POST' });

  const parsed = parseBody(req.headers['content-type'], await readText(req), SIGNUP_SHAPE);
  if (!parsed.ok) return sendBodyProblem(res, parsed);
  const checked = validateSignup(parsed.value);
  if (!checked.ok) return sendProblem(res, invalidFields(checked.errors));
  const id = await store.add(checked.value);
  // The password goes to the store and nowhere else: never echo a secret back.
  const { password: _password, ...user } = checked.value;
  sendJson(res, 201, { id, ...user }, { location: `/users/${encodeURIComponent(id)}` });
}

function sendBodyProblem(res: ServerResponse, parsed: Exclude<ParsedBody, { ok: true }>): void {
  switch (parsed.reason) {
    case 'unsupported-media-type':
      // RFC 9110 section 15.5.16: Accept tells the client which media types would have worked.
      return sendProblem(res, statusProblem(415, parsed.detail), { accept: ACCEPTED_MEDIA_TYPES.join(', ') });
    case 'malformed':
      // 400: the body cannot even be read (RFC 9110 section 15.5.1).
      return sendProblem(res, statusProblem(400, parsed.detail));
    case 'invalid':
      return sendProblem(res, invalidFields(parsed.errors));
  }
}

/** 422: the body was read, but its fields are wrong (RFC 9110 section 15.5.21). */
function invalidFields(errors: readonly FieldError[]): Problem {
  const count = errors.length === 1 ? 'One field is' : `${errors.length} fields are`;
  return {
    type: INVALID_FIELDS_TYPE,
    title: 'Your request is not valid.',
    status: 422,
    detail: `${count} not valid: ${errors.map((error) => error.path || '(the body)').join(', ')}.`,
    errors: errors.map((error) => ({ pointer: toPointer(error.path), detail: error.message })),
  };
}

function statusProblem(status: number, detail: string): Problem {
  return { type: 'about:blank', title: STATUS_TITLES[status] ?? 'Error', status, detail };
}

/** 'address.postcode' → '#/address/postcode'; '' (the whole body) → '#'. */
export function toPointer(path: string): string {
  if (path === '') return '#';
  const tokens = path.split('.').map((token) => encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1')));
  return `#/${tokens.join('/')}`;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendProblem(res: ServerResponse, problem: Problem, headers: Record<string, string> = {}): void {
  send(res, problem.status, PROBLEM_CONTENT_TYPE, problem, headers);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, 'application/json', body, headers);
}

function send(res: ServerResponse, status: number, contentType: string, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
