import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiagnostics } from '../../../runner/check/typecheck.js';

describe('parseDiagnostics', () => {
  it('turns tsc output into file:line:col diagnostics with the source line, paths relative to the repository', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'katas-tc-'));
    writeFileSync(path.join(root, 'a.ts'), 'const ok = 1;\nconst n: number = "x";\n');
    const output = [
      'a.ts(2,7): error TS2322: Type \'string\' is not assignable to type \'number\'.',
      'a.ts(2,7): error TS2345: Argument mismatch',
      "  Types of property 'x' are incompatible.",
    ].join('\n');
    expect(parseDiagnostics(root, output)).toEqual([
      { file: 'a.ts', line: 2, column: 7, code: 'TS2322', message: "Type 'string' is not assignable to type 'number'.", source: 'const n: number = "x";' },
      { file: 'a.ts', line: 2, column: 7, code: 'TS2345', message: "Argument mismatch\nTypes of property 'x' are incompatible.", source: 'const n: number = "x";' },
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});
