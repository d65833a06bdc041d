// Calls back once per burst of changes in some folders and every folder below them.
// Each folder is watched on its own (not with `recursive`): a watch on a folder reports
// its entries by name, so it survives a save that replaces a file (write a temporary
// file, rename it over the old one: vim, JetBrains' safe write, sed -i), a file deleted
// and created again, and new files. Node 20's recursive watch on Linux follows each
// file instead, and loses a file for good once it is renamed over. Events only say
// "look again": what changed is decided by comparing contents (disk-snapshot.ts).
// Editors write a file in several steps within a few milliseconds, so 25 ms of quiet
// ends a burst; every millisecond waited is one more before the learner's verdict.
import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** Names no check reads: editors' backups, swap and temporary files. */
const IGNORED = /(^\.|~$|\.swp$|\.swx$|\.tmp$|___jb_\w+___$|^4913$)/;

export function watchFolders(folders: readonly string[], onChange: (files: string[]) => void, debounceMs = 25): () => void {
  const watchers = new Map<string, FSWatcher>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const flush = () => {
    timer = undefined;
    // A folder may have been created or removed: watch exactly the folders there are now.
    follow();
    const files = [...pending];
    pending.clear();
    if (files.length > 0) onChange(files);
  };
  const noted = (folder: string, name: string | null) => {
    if (closed) return;
    if (name !== null && IGNORED.test(path.basename(name))) return;
    pending.add(name === null ? folder : path.join(folder, name));
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  const follow = () => {
    const wanted = new Set(folders.flatMap((folder) => foldersUnder(folder)));
    for (const [folder, watcher] of watchers) {
      if (wanted.has(folder)) continue;
      watcher.close();
      watchers.delete(folder);
    }
    for (const folder of wanted) if (!watchers.has(folder)) watchFolder(folder);
  };
  const watchFolder = (folder: string) => {
    try {
      const watcher = watch(folder, (_event, name) => noted(folder, name === null ? null : name.toString()));
      // A folder removed under its watch: forget it, and look again at the next burst.
      watcher.on('error', () => {
        watcher.close();
        if (watchers.get(folder) === watcher) watchers.delete(folder);
        noted(folder, null);
      });
      watchers.set(folder, watcher);
    } catch {
      // Gone between listing and watching: the next burst looks again.
    }
  };
  follow();
  return () => {
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

/** The folder and every folder below it (none when it does not exist). */
function foldersUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const found = [folder];
  try {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && !IGNORED.test(entry.name) && entry.name !== 'node_modules') found.push(...foldersUnder(path.join(folder, entry.name)));
    }
  } catch {
    // Removed while listed.
  }
  return found;
}
