// Given code (nothing to do here): the notes API that task 4's OpenAPI document describes.
//   GET  /notes            200 { items: Note[] }
//   POST /notes            201 Note with Location; 400, 413, 415, 422 problem details
//   GET  /notes/{noteId}   200 Note; 404 problem details
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson, sendProblem } from './respond.js';

export interface Note {
  /** A UUID chosen by the server. */
  readonly id: string;
  /** 1 to 200 characters. */
  readonly title: string;
  /** Up to 10,000 characters; '' when none was sent. */
  readonly body: string;
  /** When the note was created, as an RFC 3339 date-time in UTC. */
  readonly createdAt: string;
}

export interface FieldError {
  /** JSON Pointer (RFC 6901) to the field, e.g. '/title'. */
  readonly pointer: string;
  readonly detail: string;
}

const BODY_LIMIT = 16 * 1024;
const TITLE_MAX = 200;
const TEXT_MAX = 10_000;

export class NoteStore {
  readonly #notes = new Map<string, Note>();
  readonly #now: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  list(): Note[] {
    return [...this.#notes.values()];
  }

  get(id: string): Note | undefined {
    return this.#notes.get(id);
  }

  add(title: string, body: string): Note {
    const note: Note = { id: randomUUID(), title, body, createdAt: this.#now().toISOString() };
    this.#notes.set(note.id, note);
    return note;
  }
}

export function listNotes(store: NoteStore, _req: IncomingMessage, res: ServerResponse): void {
  sendJson(res, 200, { items: store.list() });
}

export function getNote(store: NoteStore, id: string, _req: IncomingMessage, res: ServerResponse): void {
  const note = store.get(id);
  if (note === undefined) return sendProblem(res, 404, 'Not Found', `There is no note with id "${id}".`);
  sendJson(res, 200, note);
}

export async function createNote(store: NoteStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return sendProblem(res, 415, 'Unsupported Media Type', 'Send the note as application/json.');
  let text: string;
  try {
    text = await readBody(req, BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendProblem(res, 413, 'Content Too Large', `A note is at most ${BODY_LIMIT} bytes of JSON.`);
    throw error;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return sendProblem(res, 400, 'Bad Request', 'The body is not valid JSON.');
  }
  const errors = validateNewNote(input);
  if (errors.length > 0) return sendProblem(res, 422, 'Unprocessable Content', 'The note is not valid.', { errors });
  const { title, body = '' } = input as { title: string; body?: string };
  const note = store.add(title, body);
  sendJson(res, 201, note, { Location: `/notes/${note.id}` });
}

function validateNewNote(input: unknown): FieldError[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [{ pointer: '', detail: 'must be a JSON object' }];
  const { title, body, ...rest } = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (typeof title !== 'string' || title.trim() === '' || title.length > TITLE_MAX) {
    errors.push({ pointer: '/title', detail: `must be a string of 1 to ${TITLE_MAX} characters` });
  }
  if (body !== undefined && (typeof body !== 'string' || body.length > TEXT_MAX)) {
    errors.push({ pointer: '/body', detail: `must be a string of at most ${TEXT_MAX} characters` });
  }
  for (const name of Object.keys(rest)) errors.push({ pointer: `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, detail: 'is not a field of a note' });
  return errors;
}
