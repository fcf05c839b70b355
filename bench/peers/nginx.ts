// nginx as a peer: one worker process (the machine has 2 cores and the load generator needs one),
// its own config, pid, logs, temp and cache paths in a temporary directory, listening on 127.0.0.1.
import { join } from 'node:path';
import type { ProxyHandle } from '../relay-bench.js';
import { freePort } from '../proc-stats.js';
import { findBinary, peerDirectory, startPeer, writeConfig } from './spawn.js';

export type PeerMode = 'relay' | 'http';

/** Enough descriptors for 5,000 tunnels (two each) under this machine's hard limit of 20,000. */
const CONNECTIONS = 12_000;

/** The HTTP mode's origin pool and cache (the relay has none: a cache manager's RSS would blur its memory figure). */
function upstream(dir: string, originPort: number): string {
  return `proxy_cache_path ${join(dir, 'cache')} keys_zone=bench:10m max_size=256m;
  upstream origin {
    server 127.0.0.1:${originPort};
    keepalive 64;
  }`;
}

function config(dir: string, port: number, originPort: number, mode: PeerMode): string {
  const relay = `
    location / {
      proxy_pass http://127.0.0.1:${originPort};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
    }`;
  // Pass: keep-alive to the origin, as vcl-edge and HAProxy do. Hit: /cached/ through proxy_cache,
  // which honours the origin's Cache-Control: max-age.
  const http = `
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
    location /cached/ {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache bench;
    }`;
  return `
worker_processes 1;
worker_rlimit_nofile ${CONNECTIONS + 1000};
daemon off;
master_process on;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections ${CONNECTIONS}; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy_temp')};
  fastcgi_temp_path ${join(dir, 'fastcgi_temp')};
  uwsgi_temp_path ${join(dir, 'uwsgi_temp')};
  scgi_temp_path ${join(dir, 'scgi_temp')};
  ${mode === 'relay' ? '' : upstream(dir, originPort)}
  server {
    listen 127.0.0.1:${port};
    ${mode === 'relay' ? relay : http}
  }
}
`;
}

/** nginx proxying to the origin at `originPort`; undefined when nginx is not installed. */
export async function startNginx(originPort: number, mode: PeerMode): Promise<ProxyHandle | undefined> {
  const binary = findBinary('nginx');
  if (!binary) return undefined;
  const dir = peerDirectory('nginx');
  const port = await freePort();
  const conf = writeConfig(dir, 'nginx.conf', config(dir, port, originPort, mode));
  const peer = await startPeer('nginx', binary, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], dir, { port, probe: mode === 'http' ? 'http' : 'tcp' });
  return { port, pid: peer.pid, close: peer.stop };
}
