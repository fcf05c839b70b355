// The client's request as VCL first sees it.
import type { IncomingMessage } from 'node:http';
import type { Service } from '../engine/service.js';
import type { RequestContext } from '../values/context.js';

/** `::ffff:127.0.0.1` → `127.0.0.1`: VCL sees the IPv4 address of an IPv4 client. */
export function plainAddress(address: string | undefined): string {
  if (!address) return '0.0.0.0';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function contextFor(service: Service, req: IncomingMessage): RequestContext {
  const raw: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    // Fastly lowercases the Host header's value before VCL runs.
    raw.push([name, name.toLowerCase() === 'host' ? req.rawHeaders[i + 1]!.toLowerCase() : req.rawHeaders[i + 1]!]);
  }
  const ctx = service.context({
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    proto: `HTTP/${req.httpVersion}`,
    headers: raw,
    clientIp: plainAddress(req.socket.remoteAddress),
    serverIp: plainAddress(req.socket.localAddress),
    isTls: 'encrypted' in req.socket && Boolean((req.socket as { encrypted?: boolean }).encrypted),
  });
  if (!req.headers.host) ctx.req.headers.delete('host');
  return ctx;
}

/** Does the client ask for a WebSocket (`Upgrade: websocket`, any case, possibly in a list)? */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  return typeof upgrade === 'string' && upgrade.split(',').some((t) => t.trim().toLowerCase() === 'websocket');
}
