// A vite plugin that swaps the learner's source folder for another copy of it
// (the pristine starter, the reference solution or a mutant) without touching the
// test files: the self-check runs exactly the tests the learner runs.
import path from 'node:path';
import type { Plugin } from 'vite';

export interface Redirect {
  /** Absolute folder whose files are replaced, for example exercises/01-routing/src. */
  from: string;
  /** Absolute folder with the same layout that takes its place. */
  to: string;
}

export function redirectSources(redirects: readonly Redirect[]): Plugin {
  const table = redirects.map(({ from, to }) => ({ from: `${toPosix(from)}/`, to: `${toPosix(to)}/` }));
  return {
    name: 'katas:redirect-sources',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !source.startsWith('.')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved) return null;
      const id = toPosix(resolved.id);
      const entry = table.find(({ from }) => id.startsWith(from));
      return entry ? entry.to + id.slice(entry.from.length) : null;
    },
  };
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
