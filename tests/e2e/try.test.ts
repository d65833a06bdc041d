// npm run try, end to end in a temporary copy of the course: each exercise whose try entry
// serves HTTP runs with its reference solution, and every curl example of its README that
// prints a status must answer with that status. Then, on exercise 01: the starter's TODO
// is shown per request, a save (made as vim makes it) restarts the server, and Ctrl-C
// leaves nothing running. No sleeps: waits poll, each within a bound.
import { renameSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourse } from '../../runner/course/discover.js';
import { copyCourse, fixtureRoot, repoRoot } from '../support/course-copy.js';
import { leftovers } from '../support/processes.js';
import { parseCurl, readCurlExamples, type CurlExample } from '../support/readme-curl.js';
import { pollUntil, startTryRun, stopTryRun, TRY_TAG, type TryRun } from '../support/try-run.js';

/** Starting tsx and the server takes about a second; a busy 2-core machine, many more. */
const READY_BOUND_MS = 60_000;

interface Running extends TryRun {
  port: number;
}

const started: TryRun[] = [];
afterEach(async () => {
  for (const run of started.splice(0)) await stopTryRun(run);
});

const withCurl = loadCourse(repoRoot).filter((exercise) => exercise.try !== undefined && readCurlExamples(readFileSync(exercise.readmeFile, 'utf8')).length > 0);

describe('npm run try on the README examples', () => {
  it('finds curl examples with a status in the HTTP exercises', () => {
    expect(withCurl.map((exercise) => exercise.folder)).toEqual(['01-routing', '02-validation', '04-api', '05-security']);
  });

  it.each(withCurl.map((exercise) => [exercise.folder]))('%s answers every runnable curl example of its README with the status printed', async (folder) => {
    const run = await startTry(folder, { solution: true });
    const examples = readCurlExamples(run.course.read(`exercises/${folder}/README.md`));
    const placeholders = new Map<string, string>();
    let checked = 0;
    for (const example of examples) {
      const command = fillPlaceholders(example.command, placeholders);
      // An elided value nothing printed before stands for (a token "eyJhbGciOi..."): not runnable as printed.
      if (/…|\.\.\./.test(command)) continue;
      const request = parseCurl(command);
      const url = `http://${request.url.replace(/^https?:\/\//, '').replace('localhost:3000', `127.0.0.1:${run.port}`)}`;
      const response = await fetch(url, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) });
      const text = await response.text();
      expect(response.status, `${command}\nanswered ${response.status} where the README prints ${example.status}:\n${text}\n${run.output()}`).toBe(example.status);
      learnPlaceholders(example, response.headers, placeholders);
      checked += 1;
    }
    console.log(`${folder}: ${checked} of ${examples.length} curl examples checked`);
    expect(checked).toBeGreaterThan(0);
  });
});

describe('npm run try on exercise 01', () => {
  it('shows the starter\'s TODO with the learner\'s file and line on each request, restarts on a rename-save, and leaves nothing running after Ctrl-C', async () => {
    const run = await startTry('01-routing', { solution: false });
    const todo = await fetch(`http://127.0.0.1:${run.port}/games/7`);
    const body = await todo.text();
    expect(todo.status).toBe(500);
    expect(body).toContain('TODO: task 1');
    expect(body).toMatch(/exercises\/01-routing\/src\/router\.ts:\d+/);

    // Saved as vim saves: a new file renamed over the old one.
    const src = path.join(run.course.root, 'exercises/01-routing/src');
    writeFileSync(path.join(src, '.router.ts.swp'), run.course.read('solutions/01-routing/router.ts'));
    renameSync(path.join(src, '.router.ts.swp'), path.join(src, 'router.ts'));
    const restarted = await pollUntil(async () => (await fetch(`http://127.0.0.1:${run.port}/games/7`).catch(() => undefined))?.status === 200);
    expect(restarted, `the server never answered with the new code:\n${run.output()}`).toBe(true);

    run.process.kill('SIGINT');
    const result = await run.process;
    expect(result.exitCode).toBe(0);
    expect(await pollUntil(() => leftovers(TRY_TAG, run.tag).length === 0), leftovers(TRY_TAG, run.tag).join('\n')).toBe(true);
  });
});

describe('npm run try with bad input', () => {
  const fixture = () => copyCourse(fixtureRoot, ['01-greet']);

  it('refuses an unknown exercise, a bad port and an exercise with nothing to try in one line each, exit code 2', async () => {
    const course = fixture();
    try {
      const cases: [string[], string][] = [
        [['try', '99'], 'unknown exercise "99": valid ones are exercise-01 (greet)'],
        [['try', '01', '--port', 'http'], '--port must be a whole number from 1 to 65535, got "http"'],
        [['try', '01', '--port', '70000'], '--port must be a whole number from 1 to 65535, got "70000"'],
        [['try', '01'], 'exercise-01 has nothing to run with npm run try: its tests (npm run check 01) are the way to try it.'],
      ];
      for (const [args, line] of cases) {
        const result = await course.run(args);
        expect(result.stderr.trim()).toBe(line);
        expect(result.exitCode).toBe(2);
      }
    } finally {
      course.remove();
    }
  });
});

async function startTry(folder: string, { solution }: { solution: boolean }): Promise<Running> {
  const port = await freePort();
  const run = { ...startTryRun(folder, { solution, args: ['--port', String(port)] }), port };
  started.push(run);
  const ready = await pollUntil(async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined)) !== undefined, READY_BOUND_MS);
  expect(ready, `npm run try ${folder} never listened on ${port}:\n${run.output()}`).toBe(true);
  return run;
}

/** Each elided value the README printed in a response header (`/books/0c6f…`), as it really came back. */
function learnPlaceholders(example: CurlExample, headers: Headers, into: Map<string, string>): void {
  for (const [name, printed] of example.headers) {
    const elided = printed.match(/[^\s/"]+…/g);
    const actual = headers.get(name);
    if (!elided || actual === null) continue;
    const pattern = printed.split(/[^\s/"]+…/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('([^\\s/"]+)');
    const found = new RegExp(`^${pattern}$`).exec(actual);
    elided.forEach((placeholder, index) => found?.[index + 1] !== undefined && !into.has(placeholder) && into.set(placeholder, found[index + 1] ?? ''));
  }
}

function fillPlaceholders(command: string, values: ReadonlyMap<string, string>): string {
  return [...values].reduce((text, [placeholder, value]) => text.split(placeholder).join(value), command);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
