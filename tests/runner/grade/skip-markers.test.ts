import { describe, expect, it } from 'vitest';
import { addedMarkers, findMarkers } from '../../../runner/grade/skip-markers.js';

describe('findMarkers', () => {
  it('finds .skip, .todo, .only, .skipIf and .fails on describe, it and test, also in chains', () => {
    const text = [
      "describe.skip('task 1: a', () => {",
      "  it.only('b', () => {});",
      "  test.todo('c');",
      "  it.concurrent.skip('d', () => {});",
      "  it.skipIf(true)('e', () => {});",
      "  it . fails('f', () => {});",
      "  it('g', () => {});",
      '});',
    ].join('\n');
    expect(findMarkers(text).map((marker) => [marker.line, marker.marker])).toEqual([
      [1, '.skip'],
      [2, '.only'],
      [3, '.todo'],
      [4, '.skip'],
      [5, '.skipIf'],
      [6, '.fails'],
    ]);
  });

  it('does not take other words for markers', () => {
    expect(findMarkers("const skipped = list.skip; it('only once', () => { expect(x).toBe(1); });")).toEqual([]);
  });
});

describe('addedMarkers', () => {
  it('reports only markers the pristine version does not have, wherever the lines moved', () => {
    const pristine = "it.todo('later');\nit('a', () => {});\n";
    const learner = "// a comment moves every line\nit.todo('later');\nit.skip('a', () => {});\n";
    expect(addedMarkers(learner, pristine)).toEqual([{ line: 3, marker: '.skip', source: "it.skip('a', () => {});" }]);
  });
});
