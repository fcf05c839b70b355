// `serve --watch`: call back shortly after any of a set of files changes. Each file's folder is
// watched rather than the file, so an editor's save by rename (a new inode) is seen as well; the
// debounce makes one call of a burst of events (a save writes, truncates and renames).
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export interface FileWatch {
  /** Watch these files instead (a reload may include other files). */
  update(files: readonly string[]): void;
  close(): void;
}

export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 150): FileWatch {
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, debounceMs);
  };
  const start = (list: readonly string[]) => {
    const byFolder = new Map<string, Set<string>>();
    for (const file of list.map((f) => resolve(f))) {
      const names = byFolder.get(dirname(file)) ?? new Set<string>();
      names.add(basename(file));
      byFolder.set(dirname(file), names);
    }
    watchers = [];
    for (const [folder, names] of byFolder) {
      try {
        const watcher = watch(folder, (_event, name) => {
          if (name === null || names.has(name.toString())) changed();
        });
        watcher.on('error', () => watcher.close()); // the folder went away: nothing left to watch there
        watchers.push(watcher);
      } catch {
        // A folder that does not exist (a file held in memory, from a Terraform plan): nothing to watch.
      }
    }
  };
  const stop = () => {
    for (const w of watchers) w.close();
    watchers = [];
  };
  start(files);
  return {
    update(list) {
      stop();
      start(list);
    },
    close() {
      stop();
      if (timer) clearTimeout(timer);
    },
  };
}
