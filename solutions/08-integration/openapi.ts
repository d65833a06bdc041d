// The contract the front end builds against: an OpenAPI 3.1 description of every
// route the service answers, with a JSON Schema (2020-12) for every response body.
// Front-end teams generate clients and types from it, so it must be valid and true.

/** A JSON Schema (2020-12), as OpenAPI 3.1 uses it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface MediaType {
  readonly schema: JsonSchema;
}

export interface Header {
  readonly description?: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

export interface Response {
  readonly description: string;
  readonly headers?: Readonly<Record<string, Header>>;
  readonly content?: Readonly<Record<string, MediaType>>;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

export interface Operation {
  readonly operationId: string;
  readonly summary?: string;
  readonly tags?: readonly string[];
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly required?: boolean; readonly content: Readonly<Record<string, MediaType>> };
  readonly responses: Readonly<Record<string, Response>>;
}

export type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export type PathItem = { readonly parameters?: readonly Parameter[] } & { readonly [method in Method]?: Operation };

export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly servers?: readonly { readonly url: string; readonly description?: string }[];
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components?: {
    readonly schemas?: Readonly<Record<string, JsonSchema>>;
    readonly responses?: Readonly<Record<string, Response>>;
    readonly parameters?: Readonly<Record<string, Parameter>>;
  };
}

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const problem = (description: string): Response => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The OpenAPI 3.1 document of the notes service. */
export function createOpenApiDocument(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'Notes service', version: '1.0.0', description: 'Notes, plus the health endpoints operations relies on.' },
    paths: {
      '/healthz': {
        get: {
          operationId: 'getLiveness',
          summary: 'Liveness: the process is running',
          tags: ['operations'],
          responses: { '200': { description: 'The process is alive.', content: json({ $ref: '#/components/schemas/Liveness' }) } },
        },
      },
      '/readyz': {
        get: {
          operationId: 'getReadiness',
          summary: 'Readiness: every dependency answers',
          tags: ['operations'],
          responses: {
            '200': { description: 'Ready to serve traffic.', content: json({ $ref: '#/components/schemas/Readiness' }) },
            '503': { description: 'A dependency is down or did not answer in time.', content: json({ $ref: '#/components/schemas/Readiness' }) },
          },
        },
      },
      '/notes': {
        get: {
          operationId: 'listNotes',
          summary: 'List every note',
          tags: ['notes'],
          responses: {
            '200': {
              description: 'The notes.',
              content: json({ type: 'object', required: ['items'], additionalProperties: false, properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Note' } } } }),
            },
          },
        },
        post: {
          operationId: 'createNote',
          summary: 'Create a note',
          tags: ['notes'],
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/NewNote' }) },
          responses: {
            '201': {
              description: 'The note was created.',
              headers: { Location: { description: 'Where the new note lives.', required: true, schema: { type: 'string', format: 'uri-reference' } } },
              content: json({ $ref: '#/components/schemas/Note' }),
            },
            '400': problem('The body is not valid JSON.'),
            '413': problem('The body is too large.'),
            '415': problem('The body is not application/json.'),
            '422': problem('The note is not valid; `errors` says which fields.'),
          },
        },
      },
      '/notes/{noteId}': {
        parameters: [{ name: 'noteId', in: 'path', required: true, description: 'The id of a note.', schema: { type: 'string' } }],
        get: {
          operationId: 'getNote',
          summary: 'Read one note',
          tags: ['notes'],
          responses: {
            '200': { description: 'The note.', content: json({ $ref: '#/components/schemas/Note' }) },
            '404': problem('There is no note with this id.'),
          },
        },
      },
    },
    components: {
      schemas: {
        Note: {
          type: 'object',
          required: ['id', 'title', 'body', 'createdAt'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', format: 'uuid' },
            title: { type: 'string', minLength: 1, maxLength: 200 },
            body: { type: 'string', maxLength: 10000 },
            createdAt: { type: 'string', format: 'date-time' },
          },
        },
        NewNote: {
          type: 'object',
          required: ['title'],
          additionalProperties: false,
          properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, body: { type: 'string', maxLength: 10000 } },
        },
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details.',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', format: 'uri-reference' },
            title: { type: 'string' },
            status: { type: 'integer', minimum: 100, maximum: 599 },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', required: ['pointer', 'detail'], properties: { pointer: { type: 'string' }, detail: { type: 'string' } } },
            },
          },
        },
        Liveness: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
        Readiness: {
          type: 'object',
          required: ['status', 'checks'],
          properties: {
            status: { enum: ['ready', 'not ready'] },
            checks: { type: 'object', additionalProperties: { enum: ['up', 'down', 'timeout'] } },
          },
        },
      },
    },
  };
}
