// A cluster's primary: forks the workers that serve (the caller loaded the service first, so a VCL
// error stopped `serve` before any fork), prints `listening on` once every worker listens, restarts a
// worker that dies (within a bound), coordinates reloads (it checks the files first; each worker then
// loads them), and stops the workers on SIGINT/SIGTERM, giving their tunnels the grace period.
import cluster, { type Worker } from 'node:cluster';
import { isSupervisorMessage, VERSION_ENV, type ReloadedMessage, type SupervisorMessage } from './messages.js';
import { loadAgain, refusedText, reloadedLine } from './reload.js';
import { onStopSignals } from './signals.js';
import type { LoadedService, SuperviseOptions } from './types.js';
import { watchFiles, type FileWatch } from './watch.js';

/** More unexpected worker exits than this within RESTART_WINDOW_MS: something is wrong; stop. */
const MAX_RESTARTS = 10;
const RESTART_WINDOW_MS = 60_000;
/** How long a worker may take to answer a reload. */
const RELOAD_ANSWER_MS = 10_000;
/** How long past the grace period a worker may take to stop before it is killed. */
const STOP_MARGIN_MS = 5_000;

export async function servePrimary(options: SuperviseOptions): Promise<void> {
  // Round-robin (Node's default on Linux, said here for every platform): the primary accepts and
  // deals connections in turn, so long-lived tunnels spread evenly over the workers.
  // NODE_CLUSTER_SCHED_POLICY=none still leaves the choice to the kernel.
  if (process.env['NODE_CLUSTER_SCHED_POLICY'] === undefined) cluster.schedulingPolicy = cluster.SCHED_RR;
  const primary = new Primary(options);
  // What serves beside the workers (the admin listener) starts first: if it cannot (its port is
  // taken), `serve` fails before any worker was forked, rather than leaving them without a primary.
  await options.onPrimaryReady?.({ workerPids: () => primary.alive().map((w) => w.process.pid!), stopping: () => primary.isStopping });
  primary.start();
}

class Primary {
  private readonly out: NodeJS.WritableStream;
  private readonly err: NodeJS.WritableStream;
  private current: LoadedService;
  /** The version the workers serve; `latest` is the one a reload in progress asked for. */
  private version: number;
  private latest: number;
  private stopping = false;
  private announced = false;
  /** Workers that serve (a worker still starting loads the files as they are when it starts). */
  private readonly listening = new Set<number>();
  private readonly restarts: number[] = [];
  /** By worker id: who waits for its answer to a reload. */
  private readonly answers = new Map<number, (answer: ReloadedMessage) => void>();
  private watcher: FileWatch | null = null;
  private reloading = false;
  private reloadAgain = false;

  constructor(private readonly options: SuperviseOptions) {
    this.out = options.stdout ?? process.stdout;
    this.err = options.stderr ?? process.stderr;
    this.current = options.initial;
    this.version = this.latest = this.current.service.version;
  }

  start(): void {
    cluster.on('message', (worker, message: unknown) => {
      if (isSupervisorMessage(message)) this.onMessage(worker, message);
    });
    cluster.on('exit', (worker, code, signal) => this.onExit(worker, signal ?? `exit code ${code}`));
    for (let i = 0; i < this.options.workers; i++) this.fork();
    if (this.options.watch) this.watcher = watchFiles(this.current.files, () => this.reload());
    process.on('SIGHUP', () => this.reload());
    if (this.options.takeHeldHangUp?.()) this.reload();
    onStopSignals(() => this.stop(0));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  alive(): Worker[] {
    return Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  }

  private fork(): Worker {
    return cluster.fork({ [VERSION_ENV]: String(this.version) });
  }

  private onMessage(worker: Worker, message: SupervisorMessage): void {
    if (message.vclEdge === 'reloaded') this.answers.get(worker.id)?.(message);
    if (message.vclEdge === 'purge') for (const other of this.alive()) if (other !== worker) other.send(message);
    if (message.vclEdge !== 'listening') return;
    this.listening.add(worker.id);
    // Said once every worker first forked listens: from then on each takes its share.
    if (!this.announced && this.listening.size >= this.options.workers) {
      this.announced = true;
      this.out.write(`listening on ${message.url}\n`);
    }
    // Forked before a reload it was not asked to make: it loaded the new files, under the old number.
    if (message.version < this.latest) worker.send({ vclEdge: 'reload', version: this.latest });
  }

  private onExit(worker: Worker, how: string): void {
    const served = this.listening.delete(worker.id);
    this.answers.get(worker.id)?.({ vclEdge: 'reloaded', version: this.latest, error: `worker ${worker.process.pid} exited during the reload\n` });
    if (this.stopping) return;
    if (!this.announced) {
      this.err.write(`vcl-edge serve: a worker stopped before serving (${how}); stopping\n`);
      return void this.stop(1);
    }
    if (!served) return this.onStartFailed(worker, how);
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts[0]! < now - RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length > MAX_RESTARTS) {
      this.err.write(`vcl-edge serve: workers died ${this.restarts.length} times within ${RESTART_WINDOW_MS / 1000} s; stopping\n`);
      return void this.stop(1);
    }
    this.err.write(`vcl-edge serve: worker ${worker.process.pid} died (${how}); starting another\n`);
    this.fork();
  }

  /**
   * A replacement worker that stopped before it listened most likely could not load the files as they
   * are now (a broken save the primary refused): forking again would fail the same way, a crash loop
   * that ends in stopping the workers that still serve. The others serve on; the next reload that
   * loads brings the count back.
   */
  private onStartFailed(worker: Worker, how: string): void {
    const left = this.alive().length;
    if (left === 0) {
      this.err.write(`vcl-edge serve: worker ${worker.process.pid} could not start (${how}) and no worker is left; stopping\n`);
      return void this.stop(1);
    }
    this.err.write(`vcl-edge serve: worker ${worker.process.pid} could not start (${how}); ${left} of ${this.options.workers} workers serve until a reload loads\n`);
  }

  /** Workers that failed to start (onStartFailed): the files load again, so start them now. */
  private forkMissing(): void {
    for (let i = this.alive().length; i < this.options.workers; i++) this.fork();
  }

  /** One reload at a time; signals and file changes during one make one more after it. */
  private reload(): void {
    if (this.stopping) return;
    if (this.reloading) return void (this.reloadAgain = true);
    this.reloading = true;
    void this.reloadOnce().finally(() => {
      this.reloading = false;
      if (!this.reloadAgain) return;
      this.reloadAgain = false;
      this.reload();
    });
  }

  private async reloadOnce(): Promise<void> {
    const next = loadAgain(this.options);
    if ('refused' in next) return void this.err.write(refusedText(next.refused, this.current, this.version));
    this.current = next.loaded;
    this.watcher?.update(this.current.files);
    this.latest = this.version + 1;
    const answered = await this.askWorkers(this.latest);
    this.version = this.latest; // workers forked from now on serve the files under this number
    if (!this.stopping) this.forkMissing();
    const refused = answered.filter((a) => a.error !== undefined);
    if (refused.length === 0) return void this.out.write(reloadedLine(this.current, this.version));
    // The files changed again between the primary's check and a worker's load, or a worker hung.
    const why = [...new Set(refused.map((a) => a.error!))].join('');
    this.err.write(`${why}reload refused by ${refused.length} of ${answered.length} workers: they keep version ${this.version - 1}; the others serve version ${this.version}\n`);
  }

  /** Tell every serving worker to reload as `version`; what each answered (an error, or none). */
  private askWorkers(version: number): Promise<ReloadedMessage[]> {
    const ask = (worker: Worker) =>
      new Promise<ReloadedMessage>((resolve) => {
        const silent = `worker ${worker.process.pid} did not answer within ${RELOAD_ANSWER_MS / 1000} s\n`;
        const timer = setTimeout(() => resolve({ vclEdge: 'reloaded', version, error: silent }), RELOAD_ANSWER_MS);
        this.answers.set(worker.id, (answer) => {
          clearTimeout(timer);
          this.answers.delete(worker.id);
          resolve(answer);
        });
        worker.send({ vclEdge: 'reload', version });
      });
    return Promise.all(this.alive().filter((w) => this.listening.has(w.id)).map(ask));
  }

  /** SIGTERM every worker (each closes as a single process does), wait for them, then exit. */
  private async stop(code: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.watcher?.close();
    const workers = this.alive();
    const exited = workers.map((w) => new Promise((resolve) => (w.isDead() ? resolve(null) : w.once('exit', resolve))));
    for (const w of workers) w.process.kill('SIGTERM');
    const killer = setTimeout(() => workers.forEach((w) => w.process.kill('SIGKILL')), (this.options.graceMs ?? 2_000) + STOP_MARGIN_MS);
    await Promise.all(exited);
    clearTimeout(killer);
    await this.options.onStopped?.();
    process.exit(code);
  }
}
