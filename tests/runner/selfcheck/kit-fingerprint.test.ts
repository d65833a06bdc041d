// A record of what caught a mutant stands only on the copy it was made on, and the copy's
// tests run the runner's kit: the kit's fingerprint covers the runner's files the kit
// imports too (runner/check/fair-clock.ts), not only runner/kit/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kitFingerprint } from '../../../runner/selfcheck/fingerprint.js';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe('kitFingerprint', () => {
  it('changes when a runner file the kit imports changes, and not for one it does not import', () => {
    root = mkdtempSync(path.join(tmpdir(), 'katas-kit-print-'));
    write('runner/kit/time.ts', "import { clock } from '../check/clock.js';\nexport const now = clock;\n");
    write('runner/check/clock.ts', 'export const clock = 1;\n');
    write('runner/check/other.ts', 'export const other = 1;\n');
    const before = kitFingerprint(root);
    write('runner/check/other.ts', 'export const other = 2;\n');
    expect(kitFingerprint(root)).toBe(before);
    write('runner/check/clock.ts', 'export const clock = 2;\n');
    expect(kitFingerprint(root)).not.toBe(before);
  });
});
