import { describe, expect, it } from 'vitest';
import { parseHints, readmeTaskNumbers } from '../../../runner/course/hints.js';

describe('parseHints', () => {
  it('collects the bullets under each task heading, continuation lines included', () => {
    const hints = parseHints(['# Hints', '', '## 1. Static routes', '- a nudge', '- closer:', '  ```ts', '  code()', '  ```', '', '## 2. Params', '- decode'].join('\n'));
    expect(hints.get(1)).toEqual(['a nudge', 'closer:\n```ts\ncode()\n```']);
    expect(hints.get(2)).toEqual(['decode']);
  });

  it('ignores bullets outside a task section', () => {
    expect(parseHints('- loose\n## About\n- also loose').size).toBe(0);
  });
});

describe('readmeTaskNumbers', () => {
  it('reads the numbers of "## N." headings only', () => {
    expect(readmeTaskNumbers('# Title\n## 1. One\n### 2. Not a task\n## 2. Two\n## References')).toEqual([1, 2]);
  });
});
