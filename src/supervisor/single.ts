// `serve --workers 1`: the edge in this process; SIGHUP or a changed file (`--watch`) reloads it.
import { loadAgain, refusedText, reloadedLine } from './reload.js';
import { onStopSignals } from './signals.js';
import type { SuperviseOptions } from './types.js';
import { watchFiles } from './watch.js';

export async function serveSingle(options: SuperviseOptions): Promise<void> {
  const out = options.stdout ?? process.stdout;
  const err = options.stderr ?? process.stderr;
  let current = options.initial;
  let version = current.service.version;
  const edge = await options.start(current);

  let stopping = false;
  const reload = () => {
    if (stopping) return; // draining: the service it stops with is the one it served
    const next = loadAgain(options);
    if ('refused' in next) {
      err.write(refusedText(next.refused, current, version));
      edge.metrics?.reloaded(false);
      return;
    }
    current = next.loaded;
    current.service.version = ++version;
    edge.replaceService(current.service, current.backendSettings);
    watcher?.update(current.files);
    edge.metrics?.reloaded(true);
    out.write(reloadedLine(current, version));
  };
  const watcher = options.watch ? watchFiles(current.files, reload) : null;
  process.on('SIGHUP', reload);
  const heldHangUp = options.takeHeldHangUp?.() ?? false;
  // Said once a change or a SIGHUP is noticed: whoever waits for this line may change a file at once.
  out.write(`listening on ${edge.url}\n`);
  if (heldHangUp) reload();
  onStopSignals(async () => {
    stopping = true;
    watcher?.close();
    await edge.close(options.graceMs ?? 2_000);
    await options.onStopped?.();
    process.exit(0);
  });
}
