// What a mutant's copy holds, as one hash: every file under its folder (its tests and
// sources), by path and content, with the hash of what the tests import from outside it
// (the runner's kit, hashed once for all copies). A record made on one copy (killers.ts)
// stands for another only when their fingerprints match.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** `salt`: the fingerprint of the folders the copy's tests import from outside it. */
export function fingerprint(dir: string, salt = ''): string {
  const hash = createHash('sha256').update(`${salt}\u0000`);
  for (const file of filesUnder(dir)) {
    hash.update(`${path.relative(dir, file).split(path.sep).join('/')}\u0000`);
    hash.update(readFileSync(file));
    hash.update('\u0000');
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
