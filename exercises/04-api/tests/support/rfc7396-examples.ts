// The examples published in RFC 7396 (JSON Merge Patch): Appendix A's table, row by
// row, and the document of section 3. They are the oracle for applyMergePatch.

export interface MergePatchExample {
  target: unknown;
  patch: unknown;
  result: unknown;
}

/** RFC 7396, Appendix A, in the order of the table. */
export const APPENDIX_A: MergePatchExample[] = [
  { target: { a: 'b' }, patch: { a: 'c' }, result: { a: 'c' } },
  { target: { a: 'b' }, patch: { b: 'c' }, result: { a: 'b', b: 'c' } },
  { target: { a: 'b' }, patch: { a: null }, result: {} },
  { target: { a: 'b', b: 'c' }, patch: { a: null }, result: { b: 'c' } },
  { target: { a: ['b'] }, patch: { a: 'c' }, result: { a: 'c' } },
  { target: { a: 'c' }, patch: { a: ['b'] }, result: { a: ['b'] } },
  { target: { a: { b: 'c' } }, patch: { a: { b: 'd', c: null } }, result: { a: { b: 'd' } } },
  { target: { a: [{ b: 'c' }] }, patch: { a: [1] }, result: { a: [1] } },
  { target: ['a', 'b'], patch: ['c', 'd'], result: ['c', 'd'] },
  { target: { a: 'b' }, patch: ['c'], result: ['c'] },
  { target: { a: 'foo' }, patch: null, result: null },
  { target: { a: 'foo' }, patch: 'bar', result: 'bar' },
  { target: { e: null }, patch: { a: 1 }, result: { e: null, a: 1 } },
  { target: [1, 2], patch: { a: 'b', c: null }, result: { a: 'b' } },
  { target: {}, patch: { a: { bb: { ccc: null } } }, result: { a: { bb: {} } } },
];

/** RFC 7396, section 3: a realistic document and patch. */
export const SECTION_3: MergePatchExample = {
  target: {
    title: 'Goodbye!',
    author: { givenName: 'John', familyName: 'Doe' },
    tags: ['example', 'sample'],
    content: 'This will be unchanged',
  },
  patch: {
    title: 'Hello!',
    phoneNumber: '+01-123-456-7890',
    author: { familyName: null },
    tags: ['example'],
  },
  result: {
    title: 'Hello!',
    author: { givenName: 'John' },
    tags: ['example'],
    content: 'This will be unchanged',
    phoneNumber: '+01-123-456-7890',
  },
};
