#!/usr/bin/env node
// The one entry point of every npm script. The runner is TypeScript, but loading
// vitest through a TypeScript loader costs about 0.6 s a run, so it is compiled once
// (native tsc, a fraction of a second) and again only when a runner file changes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';

// The exercises' PostgreSQL (PGlite) is a 9 MB WebAssembly module. By default V8 also
// recompiles its hot functions with its optimising compiler, in background threads, and
// a test file's few hundred queries never win that CPU back. Baseline code only: about
// 1.3 s less CPU and 0.4 s less wall time per database test file (exercises 03 and 06),
// with queries no slower. V8 flags are process-wide, so the test threads get it too; it
// must be set before any WebAssembly is compiled.
v8.setFlagsFromString('--liftoff-only');

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
