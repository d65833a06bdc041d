// Reads files of one commit without touching the work tree or the index: `git ls-tree`
// lists them, one `git cat-file --batch` process returns their contents.
import { realpathSync } from 'node:fs';
import { execa } from 'execa';

export interface TreeFile {
  path: string;
  sha: string;
}

/** The repository's first commit (the template's, in GitHub Classroom), or undefined when there is no history. */
export async function rootCommit(root: string): Promise<string | undefined> {
  // A submission folder inside another repository (the instructor's) has no history of its own.
  const top = await execa('git', ['rev-parse', '--show-toplevel'], { cwd: root, reject: false });
  if (top.exitCode !== 0 || realpathSync(top.stdout.trim()) !== realpathSync(root)) return undefined;
  const result = await execa('git', ['rev-list', '--max-parents=0', 'HEAD'], { cwd: root, reject: false });
  if (result.exitCode !== 0) return undefined;
  // Several roots (an unrelated history merged in): the oldest is listed last.
  return result.stdout.trim().split('\n').filter(Boolean).at(-1);
}

export async function readCommitFiles(root: string, commit: string, keep: (path: string) => boolean): Promise<Map<string, Buffer>> {
  const listing = await execa('git', ['ls-tree', '-r', '-z', '--full-tree', commit], { cwd: root });
  const wanted = parseTree(listing.stdout).filter((file) => keep(file.path));
  if (wanted.length === 0) return new Map();
  const batch = await execa('git', ['cat-file', '--batch'], { cwd: root, input: wanted.map((file) => `${file.sha}\n`).join(''), encoding: 'buffer' });
  const contents = parseBatch(Buffer.from(batch.stdout));
  return new Map(wanted.map((file) => [file.path, contents.get(file.sha) ?? Buffer.alloc(0)]));
}

/** `<mode> blob <sha>\t<path>` entries, NUL-separated; links and submodules are left out. */
export function parseTree(output: string): TreeFile[] {
  return output
    .split('\0')
    .map((entry) => /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null && match[1] !== '120000')
    .map((match) => ({ sha: match[2] ?? '', path: match[3] ?? '' }));
}

/** `<sha> blob <size>\n<content>\n`, repeated. */
export function parseBatch(output: Buffer): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  let offset = 0;
  while (offset < output.length) {
    const headerEnd = output.indexOf(0x0a, offset);
    if (headerEnd < 0) break;
    const [sha = '', type = '', size = '0'] = output.subarray(offset, headerEnd).toString('utf8').split(' ');
    if (type === 'missing') {
      offset = headerEnd + 1;
      continue;
    }
    const start = headerEnd + 1;
    const end = start + Number(size);
    contents.set(sha, Buffer.from(output.subarray(start, end)));
    offset = end + 1;
  }
  return contents;
}
