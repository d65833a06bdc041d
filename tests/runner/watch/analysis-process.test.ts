// Watch mode's typecheck process: it reports type errors, and when it dies (a crash, an
// out-of-memory kill) only the question it was answering is lost; the next save gets a
// new process. In a child process on a copy of the course, with the compiled runner.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCourseCopy } from '../../../runner/course/course-copy.js';
import { fixtureRoot, repoRoot } from '../../support/course-copy.js';

let root: string;

beforeAll(async () => {
  root = makeCourseCopy(repoRoot, fixtureRoot, ['01-greet']);
  // Compiles the copy's runner.
  await execa(process.execPath, [path.join(root, 'runner', 'bin.mjs'), 'list'], { cwd: root });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the analysis process', () => {
  it('reports a type error, and answers again after it was killed', async () => {
    const file = path.join(root, 'exercises', '01-greet', 'src', 'greet.ts');
    writeFileSync(file, 'export function greet(name: string): string {\n  return name.length;\n}\n');
    const compiled = JSON.stringify(pathToFileURL(path.join(root, '.katas', 'runner', 'watch', 'analysis-process.js')).href);
    const script = `
      const { AnalysisProcess } = await import(${compiled});
      const analysis = new AnalysisProcess(process.cwd());
      const codes = async () => (await analysis.typecheck([${JSON.stringify(file)}])).map((error) => error.code + ' ' + error.file + ':' + error.line);
      const before = await codes();
      const pending = analysis.typecheck([${JSON.stringify(file)}]);
      analysis['child'].kill('SIGKILL');
      const lost = await pending.then(() => 'answered', (error) => error.message);
      const after = await codes();
      analysis.close();
      process.stdout.write(JSON.stringify({ before, lost, after }), () => process.exit(0));
    `;
    const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 90_000 });
    const error = 'TS2322 exercises/01-greet/src/greet.ts:2';
    expect(JSON.parse(stdout)).toEqual({ before: [error], lost: 'the typecheck process ended (SIGKILL)', after: [error] });
  }, 120_000);
});
