// RFC 7396 JSON Merge Patch, section 2, without changing either argument: the
// caller validates the result before storing it, so a rejected patch must leave
// the stored document exactly as it was.

type JsonObject = Record<string, unknown>;

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  // Anything but an object (an array, a string, null...) replaces the target whole.
  if (!isJsonObject(patch)) return patch;
  // A Map, not `result[name] = ...`: a member named "__proto__" stays a plain
  // member instead of reaching the prototype.
  const result = new Map(Object.entries(isJsonObject(target) ? target : {}));
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) result.delete(name);
    else result.set(name, applyMergePatch(result.get(name), value));
  }
  return Object.fromEntries(result);
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
