// The dispatcher as a program: newline-delimited JSON-RPC on stdin, answers on stdout,
// anything else (logs, errors) on stderr. Any language that can start a process and
// write a line can call it: `node --import tsx stdio-server.ts`.
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createDispatcher, type Handler } from './dispatcher.js';
import { dataMethods, slowMethods, specMethods } from './methods.js';

/**
 * This file's own path. A test imports this module to learn where it really is, then
 * starts that file as a child process (a test runner may serve the module from
 * another folder than src/, and a child process does not go through the runner).
 */
export const entryFile = fileURLToPath(import.meta.url);

/** Answers each line of `input` on `output`; resolves once input has ended and every answer is out. */
export async function serveLines(input: Readable, output: Writable, handle: Handler): Promise<void> {
  throw new Error('TODO: task 4 — read input line by line, write each answer as one line, finish in-flight answers when input ends');
}

export async function main(): Promise<void> {
  const handle = createDispatcher(
    { ...specMethods, ...slowMethods, ...dataMethods },
    { onInternalError: (error, method) => console.error(`internal error in ${method}:`, error) },
  );
  await serveLines(process.stdin, process.stdout, handle);
}

// Run only when started as a program, not when a test imports the module.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === entryFile) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
