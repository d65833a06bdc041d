#!/usr/bin/env node
// The one entry point of every npm script. The runner is TypeScript, but loading
// vitest through a TypeScript loader costs about 0.6 s a run, so it is compiled once
// (native tsc, a fraction of a second) and again only when a runner file changes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.katas', 'runner');
const stampFile = path.join(outDir, '.stamp');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') || entry.name === 'tsconfig.json') newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function readStamp() {
  try {
    return Number(readFileSync(stampFile, 'utf8'));
  } catch {
    return -1;
  }
}

async function build() {
  const { default: getExePath } = await import(pathToFileURL(path.join(root, 'node_modules', 'typescript', 'lib', 'getExePath.js')).href);
  try {
    execFileSync(getExePath(), ['-p', path.join(root, 'runner', 'tsconfig.json')], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    // Type errors still emit JavaScript; only a build that wrote nothing is fatal.
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    if (output) process.stderr.write(`runner: the runner's own code has type errors:\n${output}\n`);
  }
}

const newest = newestSource(path.join(root, 'runner'));
if (readStamp() !== newest) {
  await build();
  writeFileSync(stampFile, String(newest));
}
const { main } = await import(pathToFileURL(path.join(outDir, 'cli.js')).href);
const code = await main({ root, argv: process.argv.slice(2) });
// Learner code may leave a thread spinning or a handle open: once everything written
// has been flushed, the runner exits rather than wait for it.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
