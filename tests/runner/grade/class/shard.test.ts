// Shards cover a class exactly once; a merge puts their rows back in one run's order.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeClass } from '../../../../runner/grade/class/merge.js';
import { parseShard, pickShard } from '../../../../runner/grade/class/shard.js';
import { sampleLearners } from './support/learners.js';

describe('shards', () => {
  it('reads k/n and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0', '-1/2']) expect(() => parseShard(bad), bad).toThrow(/--shard must be k\/n/);
  });

  it('hands every learner to exactly one shard, whatever the count', () => {
    const names = Array.from({ length: 11 }, (_, index) => `learner-${index}`);
    for (const count of [1, 2, 3, 5, 11, 13]) {
      const shards = Array.from({ length: count }, (_, index) => pickShard(names, { index: index + 1, count }));
      expect(shards.flat().sort()).toEqual([...names].sort());
    }
  });
});

describe('mergeClass', () => {
  it('writes the rows of every shard in one run\'s order, with each learner\'s reports', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'katas-merge-'));
    try {
      const learners = sampleLearners();
      const shards = [0, 1].map((shard) => {
        const shardDir = path.join(dir, `shard-${shard}`);
        const rows = pickShard(learners, { index: shard + 1, count: 2 });
        for (const row of rows) {
          mkdirSync(path.join(shardDir, 'learners', row.name.replace(/[<>/|"=]/g, '_')), { recursive: true });
        }
        writeFileSync(path.join(shardDir, 'class.json'), JSON.stringify(rows));
        return shardDir;
      });
      const report = mergeClass({ shardDirs: [shards[1]!, shards[0]!], outDir: path.join(dir, 'out') });
      expect(report.learners.map((learner) => learner.name)).toEqual([...learners.map((learner) => learner.name)].sort((a, b) => a.localeCompare(b)));
      expect(readFileSync(path.join(dir, 'out', 'class.csv'), 'utf8').startsWith('\uFEFFlearner,')).toBe(true);
      expect(() => mergeClass({ shardDirs: [path.join(dir, 'nothing')], outDir: path.join(dir, 'out2') })).toThrow(/no class.json there/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
