// Varnish as a peer (HTTP only): /cached/ is looked up in the cache (the origin's max-age makes it
// cacheable), everything else is passed, as bench/http-bench.vcl does for vcl-edge. Varnish is one
// process of many threads (plus its manager); its thread pools are left at their defaults.
import { join } from 'node:path';
import type { ProxyHandle } from '../relay-bench.js';
import { freePort } from '../proc-stats.js';
import { findBinary, peerDirectory, startPeer, writeConfig } from './spawn.js';

function vcl(originPort: number): string {
  return `vcl 4.1;
backend origin { .host = "127.0.0.1"; .port = "${originPort}"; }
sub vcl_recv {
  if (req.url ~ "^/cached/") { return (hash); }
  return (pass);
}
`;
}

/** varnishd with a 256 MB malloc store, its work directory and management port private to the run. */
export async function startVarnish(originPort: number): Promise<ProxyHandle | undefined> {
  const binary = findBinary('varnishd');
  if (!binary) return undefined;
  const dir = peerDirectory('varnish');
  const port = await freePort();
  const file = writeConfig(dir, 'bench.vcl', vcl(originPort));
  const args = ['-F', '-a', `127.0.0.1:${port}`, '-T', '127.0.0.1:0', '-n', join(dir, 'work'), '-f', file, '-s', 'malloc,256m'];
  const peer = await startPeer('varnish', binary, args, dir, { port, probe: 'http' });
  return { port, pid: peer.pid, close: peer.stop };
}
