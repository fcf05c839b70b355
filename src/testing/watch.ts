// `--watch`: run again whenever one of the files the last run read changes. Editors often replace a
// file rather than write it, so every run re-creates the watchers, and bursts of events are merged.
import { watch, type FSWatcher } from 'node:fs';

export interface Watcher {
  close(): void;
}

/** Call `run` now and after each change to the files it returns; `run` says which files to watch. */
export function watchAndRun(run: () => readonly string[], delayMs = 100): Watcher {
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  const rewatch = (files: readonly string[]) => {
    for (const w of watchers) w.close();
    watchers = [];
    for (const file of new Set(files)) {
      try {
        watchers.push(watch(file, schedule));
      } catch {
        // A file that vanished mid-save: the next change to another file picks it up again.
      }
    }
  };
  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      rewatch(run());
    }, delayMs);
  }
  rewatch(run());
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
