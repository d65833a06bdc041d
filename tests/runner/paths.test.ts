// How paths are shown, by Windows' rules as well as this system's: a learner's clone
// under C:\Users\..., and vitest's module ids there, which use forward slashes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, pathsFor, progressFile, relativeToRoot } from '../../runner/paths.js';

const windows = pathsFor(path.win32);
const root = 'C:\\Users\\Ana María\\Documents\\backend-katas';

describe('relativeToRoot on Windows', () => {
  it('shows a learner file relative to the repository, with forward slashes', () => {
    expect(windows.relativeToRoot(root, `${root}\\exercises\\01-routing\\src\\router.ts`)).toBe('exercises/01-routing/src/router.ts');
  });

  it("reads vitest's module ids, whose slashes are forward ones", () => {
    expect(windows.relativeToRoot(root, 'C:/Users/Ana María/Documents/backend-katas/exercises/03-crud/tests/crud.test.ts')).toBe('exercises/03-crud/tests/crud.test.ts');
  });

  it('takes the drive letter and the folders in either case, as Windows does', () => {
    expect(windows.relativeToRoot(root, 'c:\\users\\ana maría\\documents\\backend-katas\\exercises\\05-security\\src\\jwt.ts')).toBe('exercises/05-security/src/jwt.ts');
  });

  it('keeps the full path of a file outside the repository, with forward slashes', () => {
    expect(windows.relativeToRoot(root, 'C:\\Users\\Ana María\\AppData\\Local\\Temp\\katas-copy-1\\x.ts')).toBe('C:/Users/Ana María/AppData/Local/Temp/katas-copy-1/x.ts');
    expect(windows.relativeToRoot(root, 'D:\\course\\exercises\\01-routing\\src\\router.ts')).toBe('D:/course/exercises/01-routing/src/router.ts');
    expect(windows.relativeToRoot(root, '\\\\school-server\\share\\router.ts')).toBe('//school-server/share/router.ts');
  });

  it('treats a name that only starts with two dots as inside the repository', () => {
    expect(windows.relativeToRoot(root, `${root}\\..notes.md`)).toBe('..notes.md');
  });
});

describe('the .katas folder on Windows', () => {
  it('keeps generated files and the progress under the repository', () => {
    expect(windows.cacheDir(root, 'typecheck', 'exercise-01')).toBe(`${root}\\.katas\\cache\\typecheck\\exercise-01`);
    expect(windows.progressFile(root)).toBe(`${root}\\.katas\\progress.json`);
  });
});

describe('the same functions by POSIX rules', () => {
  const posix = pathsFor(path.posix);
  const home = '/home/ana/backend-katas';

  it('shows a learner file relative to the repository, and one outside in full', () => {
    expect(posix.relativeToRoot(home, `${home}/exercises/01-routing/src/router.ts`)).toBe('exercises/01-routing/src/router.ts');
    expect(posix.relativeToRoot(home, '/tmp/katas-copy-1/x.ts')).toBe('/tmp/katas-copy-1/x.ts');
    expect(posix.relativeToRoot(home, `${home}/..notes.md`)).toBe('..notes.md');
    expect(posix.cacheDir(home, 'mutants')).toBe(`${home}/.katas/cache/mutants`);
  });

  it("are this system's own in the functions the runner imports", () => {
    const here = path.resolve('course');
    expect(relativeToRoot(here, path.join(here, 'exercises', 'a.ts'))).toBe('exercises/a.ts');
    expect(cacheDir(here, 'x')).toBe(path.join(here, '.katas', 'cache', 'x'));
    expect(progressFile(here)).toBe(path.join(here, '.katas', 'progress.json'));
  });
});
