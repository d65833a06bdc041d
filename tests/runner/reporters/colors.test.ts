import { describe, expect, it } from 'vitest';
import { colorsFor } from '../../../runner/reporters/colors.js';

const red = (env: NodeJS.ProcessEnv, isTTY: boolean) => colorsFor({ isTTY }, env).red('x');

describe('colorsFor', () => {
  it('colours a terminal', () => expect(red({}, true)).toBe('\u001b[31mx\u001b[39m'));
  it('does not colour a pipe or a CI log', () => expect(red({ CI: 'true' }, false)).toBe('x'));
  it('does not colour under NO_COLOR, even on a terminal', () => expect(red({ NO_COLOR: '1' }, true)).toBe('x'));
  it('colours a pipe under FORCE_COLOR', () => expect(red({ FORCE_COLOR: '1' }, false)).toBe('\u001b[31mx\u001b[39m'));
});
