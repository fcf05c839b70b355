// Health checks for `serve`: each backend with a `.probe` is asked on its interval, over a real socket,
// and the last `.window` answers decide its health (healthy while at least `.threshold` of them had the
// expected status). The verdicts go to the service's BackendHealth, which directors and
// backend.NAME.healthy read. `.dummy = true` probes send nothing: such a backend stays healthy.
import net from 'node:net';
import tls from 'node:tls';
import type { BackendConfig, ProbeConfig } from '../compile/declarations.js';
import type { BackendHealth } from '../engine/directors/health.js';
import type { BackendTarget } from './backends.js';
import { originTlsOptions } from './agents.js';

/** Most bytes of an answer read to find its status line. */
const MAX_STATUS_LINE_BYTES = 8 * 1024;

/** The request a probe sends: `.request`'s lines, or a GET of `.url` with the backend's Host. */
export function probeRequest(probe: ProbeConfig, target: BackendTarget): string {
  if (probe.request !== null) return `${probe.request.replace(/(\r\n)+$/, '')}\r\n\r\n`;
  const host = target.hostHeader ?? target.host;
  return `GET ${probe.url} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
}

/** Send one probe; the answer's status, or null when there was none in time (or `stop` fired first). */
export function sendProbe(target: BackendTarget, request: string, timeoutMs: number, stop?: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = target.tls ? tls.connect({ host: target.host, port: target.port, ...originTlsOptions(target) }) : net.connect({ host: target.host, port: target.port });
    let received = '';
    let settled = false;
    const finish = (status: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop?.removeEventListener('abort', stopped);
      socket.destroy();
      resolve(status);
    };
    const stopped = () => finish(null);
    const timer = setTimeout(() => finish(null), timeoutMs);
    if (stop?.aborted) finish(null);
    else stop?.addEventListener('abort', stopped, { once: true });
    socket.once(target.tls ? 'secureConnect' : 'connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      const match = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(received);
      if (match) finish(Number(match[1]));
      else if (end >= 0 || received.length > MAX_STATUS_LINE_BYTES) finish(null);
    });
    socket.on('error', () => finish(null));
    socket.on('close', () => finish(null));
  });
}

/** The last `window` results of one backend's probe, oldest first. */
export class ProbeWindow {
  private readonly results: boolean[];

  constructor(private readonly probe: Pick<ProbeConfig, 'window' | 'threshold' | 'initial'>) {
    const good = Math.min(probe.initial, probe.window);
    this.results = Array.from({ length: probe.window }, (_, i) => i >= probe.window - good);
  }

  push(good: boolean): void {
    this.results.shift();
    this.results.push(good);
  }

  get healthy(): boolean {
    return this.results.filter(Boolean).length >= this.probe.threshold;
  }
}

export class Prober {
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;
  /** Ends the probes in flight when the server stops (a slow origin must not hold the process). */
  private readonly stopping = new AbortController();

  constructor(
    private readonly backends: ReadonlyMap<string, BackendConfig>,
    private readonly targetOf: (name: string) => BackendTarget | null,
    private readonly health: BackendHealth,
  ) {}

  /** Start probing every backend that has a (non-dummy) probe, but a shield POP's caches (not ours to probe). */
  start(): void {
    for (const [name, config] of this.backends) {
      const target = this.targetOf(name);
      if (config.probe && !config.probe.dummy && !config.isShield && target) this.watch(name, config.probe, target);
    }
  }

  stop(): void {
    this.stopped = true;
    this.stopping.abort();
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
  }

  private watch(name: string, probe: ProbeConfig, target: BackendTarget): void {
    const window = new ProbeWindow(probe);
    this.health.report(name, window.healthy);
    const request = probeRequest(probe, target);
    let busy = false; // one probe at a time per backend, however slow the origin
    const tick = async () => {
      if (busy || this.stopped) return;
      busy = true;
      const status = await sendProbe(target, request, probe.timeoutMs, this.stopping.signal);
      busy = false;
      if (this.stopped) return;
      window.push(status === probe.expectedResponse);
      this.health.report(name, window.healthy);
    };
    const timer = setInterval(() => void tick(), Math.max(1, probe.intervalMs));
    timer.unref();
    this.timers.push(timer);
    void tick();
  }
}
