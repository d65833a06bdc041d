// What a mutant's copy holds, as one hash: every file under its folder (its tests and
// sources), by path and content, with the hash of what the tests import from outside it
// (the runner's kit, hashed once for all copies). A record made on one copy (killers.ts)
// stands for another only when their fingerprints match.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isInside, localImports } from './import-graph.js';

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

/**
 * The runner's kit, which the copies' tests import, with the runner's files it imports in
 * turn (runner/check/fair-clock.ts): a change to any of them can change what a test does.
 */
export function kitFingerprint(root: string): string {
  const kit = path.join(root, 'runner', 'kit');
  const outside = new Set<string>();
  const queue = filesUnder(kit);
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const imported of localImports(file, readFileSync(file, 'utf8'))) {
      if (isInside(kit, imported) || outside.has(imported)) continue;
      outside.add(imported);
      queue.push(imported);
    }
  }
  const hash = createHash('sha256');
  for (const file of [...outside].sort()) hash.update(`${path.relative(root, file).split(path.sep).join('/')}\u0000`).update(readFileSync(file)).update('\u0000');
  return fingerprint(kit, hash.digest('hex'));
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
