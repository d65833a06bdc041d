// Calls back once per burst of saves: editors write a file in several steps (truncate,
// write, rename), and one check per save is what the learner means. The steps of one save
// come within a few milliseconds of each other, so 25 ms of quiet ends a burst; every
// millisecond waited here is one more before the learner sees the verdict. A step that
// still came later is not lost: it queues one more check right after this one.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export function watchFolders(folders: readonly string[], onChange: (files: string[]) => void, debounceMs = 25): () => void {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const files = [...pending];
    pending.clear();
    onChange(files);
  };
  const watchers: FSWatcher[] = folders.map((folder) =>
    watch(folder, { recursive: true }, (_event, name) => {
      if (name === null || !/\.(ts|json|md)$/.test(name.toString())) return;
      pending.add(path.join(folder, name.toString()));
      clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
