// POST /signup over real HTTP: the body is read by its Content-Type (task 2), bound
// to the sign-up shape and validated (task 1); every refusal is an RFC 9457 problem
// details object sent as application/problem+json. README.md, task 4.
import type { RequestListener } from 'node:http';
import type { Signup } from './signup.js';

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

export function createApp(store: UserStore): RequestListener {
  throw new Error('TODO: task 4 — return a request listener that answers POST /signup with 201, 400, 415 or 422 and hands valid sign-ups to the store');
}
