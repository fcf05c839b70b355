// HAProxy as a peer: one thread (fair on 2 cores: the load generator needs the other), HTTP mode
// with keep-alive to the origin (the default), WebSocket tunnels after the upgrade, on 127.0.0.1.
import type { ProxyHandle } from '../relay-bench.js';
import { freePort } from '../proc-stats.js';
import type { PeerMode } from './nginx.js';
import { findBinary, peerDirectory, startPeer, writeConfig } from './spawn.js';

/** 5,000 tunnels and some spare; HAProxy sizes its descriptor limit from this (under the hard 20,000). */
const MAX_CONNECTIONS = 6000;

function config(port: number, originPort: number): string {
  return `
global
  maxconn ${MAX_CONNECTIONS}
  nbthread 1
defaults
  mode http
  maxconn ${MAX_CONNECTIONS}
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
frontend bench
  bind 127.0.0.1:${port}
  default_backend origin
backend origin
  server origin 127.0.0.1:${originPort}
`;
}

/** HAProxy proxying to the origin at `originPort` (the same config serves the relay and the pass path). */
export async function startHaproxy(originPort: number, mode: PeerMode): Promise<ProxyHandle | undefined> {
  const binary = findBinary('haproxy');
  if (!binary) return undefined;
  const dir = peerDirectory('haproxy');
  const port = await freePort();
  const cfg = writeConfig(dir, 'haproxy.cfg', config(port, originPort));
  const peer = await startPeer('haproxy', binary, ['-f', cfg, '-db'], dir, { port, probe: mode === 'http' ? 'http' : 'tcp' });
  return { port, pid: peer.pid, close: peer.stop };
}
