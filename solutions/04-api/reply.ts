// What a handler answers, kept as data instead of being written straight to the
// response: a reply can then be stored and sent again (Idempotency-Key, task 5).
// Errors are RFC 9457 problem details, thrown as HttpProblem and turned into a reply.
import type { ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** undefined: no body at all (204, 304). */
  body?: string;
}

/** An RFC 9457 problem details object. */
export interface ProblemDetails {
  /** A URI that names the kind of problem; "about:blank" means "just the status code". */
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Extension members, such as `errors` for a validation problem (RFC 9457, section 3.2). */
  [extension: string]: unknown;
}

/** Thrown anywhere while a request is handled; the API answers it as problem details. */
export class HttpProblem extends Error {
  constructor(
    readonly details: ProblemDetails,
    readonly headers: Record<string, string> = {},
  ) {
    super(details.detail ?? details.title);
  }
}

/** A problem that means no more than its status code (RFC 9457, section 4.2.1). */
export function plainProblem(status: number, title: string, detail?: string, headers: Record<string, string> = {}): HttpProblem {
  return new HttpProblem({ type: 'about:blank', title, status, ...(detail === undefined ? {} : { detail }) }, headers);
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function problemReply(problem: HttpProblem): Reply {
  return {
    status: problem.details.status,
    headers: { 'content-type': 'application/problem+json', ...problem.headers },
    body: JSON.stringify(problem.details),
  };
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body !== undefined) headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}
