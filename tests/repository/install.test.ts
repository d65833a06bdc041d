// What a learner's `npm install` meets: every dependency's install script reviewed in
// allowScripts (npm 11 warns about the others, npm 12 blocks them), and every locked
// package accepting every Node.js version the course supports (npm warns EBADENGINE).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/course-copy.js';

interface LockedPackage {
  version: string;
  engines?: { node?: string };
  hasInstallScript?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string }; allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
const locked = Object.entries(lock.packages)
  .filter(([key]) => key !== '')
  .map(([key, entry]) => ({ key, name: key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length), ...entry }));

/** The oldest release of each supported line, and the newest line tested. */
const SUPPORTED = ['20.19.0', '22.12.0', '24.0.0', '26.0.0'];
/** Where learners and the framework's CI install. */
const SYSTEMS = { os: ['linux', 'darwin', 'win32'], cpu: ['x64', 'arm64'] };

const fitsSomeSystem = (entry: LockedPackage) =>
  (entry.os ?? SYSTEMS.os).some((os) => SYSTEMS.os.includes(os)) && (entry.cpu ?? SYSTEMS.cpu).some((cpu) => SYSTEMS.cpu.includes(cpu));

/** The lock's keys that install on one of SYSTEMS: found from the root as Node.js resolves, skipping packages for other systems and what only they need. */
function installedSomewhere(): Set<string> {
  const found = new Set<string>();
  const visit = (key: string) => {
    const entry = lock.packages[key];
    if (!entry || found.has(key) || !fitsSomeSystem(entry)) return;
    found.add(key);
    for (const name of Object.keys({ ...entry.dependencies, ...entry.devDependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) visit(resolve(key, name));
  };
  visit('');
  return found;
}

function resolve(from: string, name: string): string {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[key] || !dir) return key;
  }
}

describe('install scripts', () => {
  it('are all reviewed in package.json allowScripts, so npm 11 warns about none and npm 12 blocks none unreviewed', () => {
    const reviewed = Object.keys(manifest.allowScripts ?? {}).map((key) => key.replace(/(.)@.*$/, '$1'));
    const unreviewed = locked.filter((entry) => entry.hasInstallScript && !reviewed.includes(entry.name)).map((entry) => `${entry.name}@${entry.version}`);
    expect(unreviewed, 'review the install script, then `npm install-scripts approve <name>` or `deny <name>` and say why in the commit').toEqual([]);
  });

  it("deny esbuild's, which only swaps the esbuild command for its binary: tsx and vite call the JavaScript API, which starts the platform package's binary itself", () => {
    expect(manifest.allowScripts).toMatchObject({ esbuild: false });
  });
});

describe('Node.js versions', () => {
  it('are the supported lines in engines, and no older release', () => {
    for (const version of SUPPORTED) expect(semver.satisfies(version, manifest.engines.node), version).toBe(true);
    for (const version of ['20.18.3', '21.7.3', '23.11.1']) expect(semver.satisfies(version, manifest.engines.node), version).toBe(false);
  });

  it('that engines promises are accepted by every locked package that installs on Linux, macOS or Windows', () => {
    const installs = installedSomewhere();
    expect([...installs].filter((key) => ['node_modules/vitest', 'node_modules/@esbuild/win32-x64', 'node_modules/@rolldown/binding-wasm32-wasi'].includes(key)).sort()).toEqual(['node_modules/@esbuild/win32-x64', 'node_modules/vitest']);
    const narrower = locked
      .filter((entry) => entry.engines?.node && installs.has(entry.key))
      .filter((entry) => !semver.subset(manifest.engines.node, entry.engines?.node ?? '*'))
      .map((entry) => `${entry.name}@${entry.version} wants node ${entry.engines?.node}`);
    expect(narrower, `each of these would refuse a Node.js version that engines ("${manifest.engines.node}") promises`).toEqual([]);
  });
});
