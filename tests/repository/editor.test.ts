// The course in a Codespace or VS Code: the dev container and the recommended extension.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/course-copy.js';

const read = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8'));
const container = read('.devcontainer/devcontainer.json') as { image: string; onCreateCommand: string; customizations: { vscode: { extensions: string[] } } };
const recommended = (read('.vscode/extensions.json') as { recommendations: string[] }).recommendations;
const engines = (read('package.json') as { engines: { node: string } }).engines.node;

describe('the dev container', () => {
  it('is Node.js 24, the active LTS, which engines accepts', () => {
    const major = /^mcr\.microsoft\.com\/devcontainers\/javascript-node:(\d+)$/.exec(container.image)?.[1];
    expect(major, container.image).toBe('24');
    expect(semver.satisfies(`${major}.0.0`, engines)).toBe(true);
  });

  it('installs exactly the locked dependencies when it is created', () => {
    expect(container.onCreateCommand).toBe('npm ci');
  });

  it('installs the Vitest extension, and every extension VS Code recommends for the folder', () => {
    expect(recommended).toContain('vitest.explorer');
    expect(container.customizations.vscode.extensions).toEqual(expect.arrayContaining(recommended));
  });
});
