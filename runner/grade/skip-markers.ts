// Finds the modifiers that keep a test from running or from counting: `it.skip`,
// `describe.only`, `test.todo`, `it.skipIf(...)`, `it.fails` … including chains such as
// `it.concurrent.skip`. A scan of the text, so it also sees a test file that no longer compiles.
const MARKER = /\b(?:describe|suite|it|test)(?:\s*\.\s*(?:concurrent|sequential|each|for|shuffle))*\s*\.\s*(skip|todo|only|skipIf|runIf|fails)\b/g;

export interface FoundMarker {
  line: number;
  marker: string;
  source: string;
}

export function findMarkers(text: string): FoundMarker[] {
  const found: FoundMarker[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    for (const match of line.matchAll(MARKER)) found.push({ line: index + 1, marker: `.${match[1] ?? ''}`, source: line.trim() });
  }
  return found;
}

/** Markers in the learner's version that the pristine version does not have (compared by line text, not line number). */
export function addedMarkers(learner: string, pristine: string): FoundMarker[] {
  const original = new Map<string, number>();
  for (const marker of findMarkers(pristine)) original.set(key(marker), (original.get(key(marker)) ?? 0) + 1);
  return findMarkers(learner).filter((marker) => {
    const left = original.get(key(marker)) ?? 0;
    if (left === 0) return true;
    original.set(key(marker), left - 1);
    return false;
  });
}

const key = (marker: FoundMarker) => `${marker.marker}\u0000${marker.source}`;
