// Checks real responses against the OpenAPI document the learner wrote: the status must
// be declared for the operation, the media type must be declared for that status, and
// the body must match the declared JSON Schema (2020-12, checked by ajv).
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { Exchange } from '../../../../runner/kit/http.js';
import type { OpenApiDocument } from '../../src/openapi.js';

const DOCUMENT_ID = 'https://katas.example/openapi.json';

type Json = Record<string, unknown>;

export interface Contract {
  /** What does not match between one response and the document; [] when all is well. */
  check: (exchange: Exchange, method: string, template: string) => string[];
  /** The declared response object, with the JSON Pointer it was found at, or a reason it is missing. */
  response: (method: string, template: string, status: number) => { pointer: string; value: Json } | string;
  /** Validates a value against the schema at a JSON Pointer into the document; returns ajv's errors as text or ''. */
  validate: (pointer: string, value: unknown) => string;
}

export function loadContract(document: OpenApiDocument): Contract {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  formats.default(ajv);
  const copy = structuredClone(document) as unknown as Json;
  ajv.addSchema(copy, DOCUMENT_ID);

  const validate = (pointer: string, value: unknown): string => {
    let check;
    try {
      check = ajv.getSchema(`${DOCUMENT_ID}#${pointer.split('/').map(encodeURIComponent).join('/')}`);
    } catch (error) {
      return `the schema at ${pointer} could not be compiled: ${(error as Error).message}`;
    }
    if (check === undefined) return `there is no schema at ${pointer}`;
    if (check(value)) return '';
    return ajv.errorsText(check.errors, { dataVar: 'body', separator: '; ' });
  };

  const response = (method: string, template: string, status: number): { pointer: string; value: Json } | string => {
    const paths = (copy.paths ?? {}) as Json;
    const item = paths[template] as Json | undefined;
    const operationName = `${method.toUpperCase()} ${template}`;
    if (item === undefined) return `the document has no path "${template}" under paths`;
    const operation = item[method.toLowerCase()] as Json | undefined;
    if (operation === undefined) return `the document has no "${method.toLowerCase()}" operation under paths["${template}"]`;
    const responses = (operation.responses ?? {}) as Json;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((name) => responses[name] !== undefined);
    if (key === undefined) {
      return `${operationName} answered ${status}, but the document declares no ${status} response for it (it declares: ${Object.keys(responses).join(', ') || 'none'})`;
    }
    let pointer = `/paths/${escape(template)}/${method.toLowerCase()}/responses/${key}`;
    let value = responses[key] as Json;
    // A response may be a $ref to #/components/responses/...
    if (typeof value.$ref === 'string' && value.$ref.startsWith('#/')) {
      pointer = value.$ref.slice(1);
      value = resolve(copy, pointer) ?? {};
    }
    return { pointer, value };
  };

  const check = (exchange: Exchange, method: string, template: string): string[] => {
    const found = response(method, template, exchange.status);
    if (typeof found === 'string') return [found];
    const problems: string[] = [];
    for (const [name, header] of Object.entries((found.value.headers ?? {}) as Record<string, Json>)) {
      if (header.required === true && !exchange.headers.has(name)) problems.push(`the document says a ${exchange.status} answer always has a ${name} header, and this one has none`);
    }
    if (exchange.text === '') return problems;
    const mediaType = (exchange.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const content = (found.value.content ?? {}) as Json;
    const declared = Object.keys(content);
    if (!declared.map((name) => name.toLowerCase()).includes(mediaType)) {
      return [...problems, `the server sent ${mediaType || 'no content type'}, but the document's ${exchange.status} response declares ${declared.length ? declared.join(', ') : 'no content'} (content is keyed by media type, and problem details are application/problem+json)`];
    }
    const mediaKey = declared.find((name) => name.toLowerCase() === mediaType) as string;
    const schemaPointer = `${found.pointer}/content/${escape(mediaKey)}/schema`;
    if (resolve(copy, schemaPointer) === undefined) return [...problems, `the document's ${exchange.status} response declares ${mediaKey} without a schema`];
    const errors = validate(schemaPointer, JSON.parse(exchange.text));
    if (errors !== '') problems.push(`the body does not match the schema the document declares at #${schemaPointer}: ${errors}`);
    return problems;
  };

  return { check, response, validate };
}

/** One JSON Pointer token (RFC 6901): ~ and / escaped. */
export function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function resolve(root: Json, pointer: string): Json | undefined {
  let node: unknown = root;
  for (const token of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return typeof node === 'object' && node !== null ? (node as Json) : undefined;
}
