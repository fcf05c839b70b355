// `vcl-edge serve`'s process model: one process (`--workers 1`), or a node:cluster primary and its
// workers sharing the listening socket, each worker an edge with its own cache, as each Fastly cache
// node has its own. Hot reload (SIGHUP, `--watch`) in both.
import cluster from 'node:cluster';
import { servePrimary } from './primary.js';
import { serveSingle } from './single.js';
import type { SuperviseOptions } from './types.js';
import { serveWorker } from './worker.js';

export type { EdgeProgram, LoadedService, PrimaryHandle, SuperviseOptions } from './types.js';
export { watchFiles, type FileWatch } from './watch.js';

/** Serve as `options.workers` says: in this process, or as the primary or a worker of a cluster. */
export function superviseEdge(options: SuperviseOptions): Promise<void> {
  if (cluster.isWorker) return serveWorker(options);
  return options.workers <= 1 ? serveSingle(options) : servePrimary(options);
}
