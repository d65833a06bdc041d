// RFC 7396 JSON Merge Patch: apply a patch to a JSON document.

/** The patched document; neither argument is changed. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  throw new Error('TODO: task 4 — apply the patch as RFC 7396, section 2 says, returning a new document');
}
