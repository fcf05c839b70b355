// A cluster worker: one edge with its own cache on the primary's shared listening socket. It reloads
// when the primary says so (the primary checked the files first) and answers how it went.
import { isSupervisorMessage, VERSION_ENV, type ReloadedMessage, type SupervisorMessage } from './messages.js';
import { loadAgain } from './reload.js';
import { onStopSignals } from './signals.js';
import type { SuperviseOptions } from './types.js';

const tell = (message: SupervisorMessage) => process.send?.(message);

export async function serveWorker(options: SuperviseOptions): Promise<void> {
  const err = options.stderr ?? process.stderr;
  // A worker started after reloads serves the files as they are now, under the version the others have.
  options.initial.service.version = Number(process.env[VERSION_ENV]) || 1;
  let edge;
  try {
    edge = await options.start(options.initial);
  } catch (e) {
    err.write(`vcl-edge serve: worker ${process.pid} could not start: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const running = edge;
  tell({ vclEdge: 'listening', url: running.url, version: options.initial.service.version });

  // Each worker has a cache of its own: a purge one of them answered is passed on to the others.
  const cache = running.server.cache;
  cache.onPurge = (key, soft) => tell({ vclEdge: 'purge', key, soft });
  process.on('message', (message: unknown) => {
    if (isSupervisorMessage(message) && message.vclEdge === 'purge') cache.purge(message.key, message.soft);
    if (!isSupervisorMessage(message) || message.vclEdge !== 'reload') return;
    const next = loadAgain(options);
    const answer: ReloadedMessage = { vclEdge: 'reloaded', version: message.version };
    if ('refused' in next) answer.error = next.refused;
    else {
      next.loaded.service.version = message.version;
      running.replaceService(next.loaded.service, next.loaded.backendSettings);
    }
    running.metrics?.reloaded(!('refused' in next));
    tell(answer);
  });
  // The primary coordinates reloads: a SIGHUP sent to the whole process group must not end a worker.
  process.on('SIGHUP', () => undefined);
  options.takeHeldHangUp?.();
  const stop = async () => {
    await running.close(options.graceMs ?? 2_000);
    process.exit(0);
  };
  onStopSignals(stop, 'ignore');
  // The primary is gone: stop as on SIGTERM rather than serve unsupervised. (Node's cluster already
  // exits a worker at once when the primary goes unexpectedly; this covers a disconnect Node expects.)
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
