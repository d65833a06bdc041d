// What a mutant's copy holds, as one hash: every file under the given folders (the copy
// with its tests and sources, the runner's kit the tests import), by path and content. A
// record made on one copy (killers.ts) stands for another only when their fingerprints match.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function fingerprint(dirs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      hash.update(`${path.relative(dir, file).split(path.sep).join('/')}\u0000`);
      hash.update(readFileSync(file));
      hash.update('\u0000');
    }
  }
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(full);
      return entry.isFile() ? [full] : [];
    });
}
