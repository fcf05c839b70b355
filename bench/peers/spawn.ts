// Starting and stopping the peers the benchmark compares vcl-edge with (nginx, HAProxy, Varnish):
// each runs in the foreground from a temporary directory holding its config, pid, logs and cache,
// bound to 127.0.0.1 only, and is stopped (and its directory removed) when the benchmark ends,
// also on an error or Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acceptsTcp, answersHttp, processTree, waitUntilReady } from '../proc-stats.js';

export interface RunningPeer {
  /** The process started (its tree is what CPU and memory are read from). */
  pid: number;
  stop(): Promise<void>;
}

/** The Debian package each program comes from (what bench/install-peers.sh installs). */
export const PEER_BINARIES = { nginx: 'nginx', haproxy: 'haproxy', varnish: 'varnishd', wrk: 'wrk' } as const;
export type PeerName = keyof typeof PEER_BINARIES;

/** The program's absolute path, or undefined. Debian puts daemons in sbin, which a non-root PATH may lack. */
export function findBinary(program: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return join(dir, program);
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * When a peer is missing and we run as root, install them with bench/install-peers.sh (apt-get, then stops
 * the system services Debian starts). Otherwise the missing peers' rows read "not installed".
 */
export function installMissingPeers(): void {
  const missing = Object.values(PEER_BINARIES).filter((program) => !findBinary(program));
  if (missing.length === 0 || process.getuid?.() !== 0) return;
  const script = fileURLToPath(new URL('../../../bench/install-peers.sh', import.meta.url));
  console.error(`bench: installing missing peers (${missing.join(', ')}) with ${script}`);
  spawnSync('sh', [script], { stdio: ['ignore', 2, 2], timeout: 600_000 });
}

/** "nginx 1.22.1", "HAProxy 2.6.12", "Varnish 7.1.1", "wrk 4.1.0": the versions in the report. */
export function peerVersion(name: PeerName): string | undefined {
  const binary = findBinary(PEER_BINARIES[name]);
  if (!binary) return undefined;
  const flag = { nginx: '-v', haproxy: '-v', varnish: '-V', wrk: '-v' }[name];
  const run = spawnSync(binary, [flag], { encoding: 'utf8', timeout: 5000 });
  const text = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  const version = /(?:nginx\/|HAProxy version |varnish-|wrk (?:debian\/)?)(\d+\.\d+\.\d+)/.exec(text)?.[1];
  return version && `${{ nginx: 'nginx', haproxy: 'HAProxy', varnish: 'Varnish', wrk: 'wrk' }[name]} ${version}`;
}

/** A fresh directory for one peer's files; readable by the unprivileged user a root-started peer drops to. */
export function peerDirectory(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `vcl-edge-bench-${name}-`));
  chmodSync(dir, 0o755);
  return dir;
}

export function writeConfig(dir: string, file: string, text: string): string {
  const path = join(dir, file);
  writeFileSync(path, text);
  return path;
}

const running = new Set<RunningPeer>();
let signalsHooked = false;

/** On Ctrl-C or SIGTERM, stop every peer still running before exiting. */
function stopPeersOnSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.all([...running].map((peer) => peer.stop())).finally(() => process.exit(130));
    });
  }
}

/** How to tell a peer is serving: HTTP answers on its port, or (a relay) it accepts connections. */
export type Readiness = { port: number; probe: 'http' | 'tcp' };

/**
 * Start `binary args` in `dir` and wait until it is ready. The peer is stopped with SIGTERM,
 * then, if it has not exited within 5 s, every process of its tree (as seen before) with SIGKILL, so no
 * worker is left holding the port; then `dir` is removed.
 */
export async function startPeer(name: string, binary: string, args: string[], dir: string, ready: Readiness): Promise<RunningPeer> {
  stopPeersOnSignals();
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let failure: string | undefined;
  child.once('error', (err) => (failure = `${name}: ${err.message}`));
  child.once('exit', (code, signal) => (failure ??= `${name} exited (${code ?? signal}): ${stderr.trim()}`));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid ?? 0;
  const peer: RunningPeer = {
    pid,
    stop: async () => {
      running.delete(peer);
      const tree = child.exitCode === null ? processTree(pid) : [];
      child.kill('SIGTERM');
      const timer = setTimeout(() => tree.forEach((p) => killQuietly(p)), 5000);
      if (child.exitCode === null && child.signalCode === null) await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(peer);
  try {
    const probe = ready.probe === 'http' ? () => answersHttp(`http://127.0.0.1:${ready.port}/`) : () => acceptsTcp(ready.port);
    await waitUntilReady(probe, 20_000, () => failure);
  } catch (err) {
    await peer.stop();
    throw err;
  }
  return peer;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
