// The client's request as VCL first sees it.
import type { IncomingMessage } from 'node:http';
import type { Service } from '../engine/service.js';
import type { RequestContext } from '../values/context.js';
import { fromWire } from '../values/bytes.js';
import { connectionFacts } from './request-facts.js';

/** `::ffff:127.0.0.1` → `127.0.0.1`: VCL sees the IPv4 address of an IPv4 client. */
export function plainAddress(address: string | undefined): string {
  if (!address) return '0.0.0.0';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The request as VCL first sees it: `admitted` (admission.ts) holds its target and headers.
 * Node gives the URL and header values one char per byte; VCL sees them as byte strings (fromWire).
 */
export function contextFor(service: Service, req: IncomingMessage, admitted: { url: string; rawHeaders: readonly string[] }): RequestContext {
  const raw: [string, string][] = [];
  let hasHost = false;
  for (let i = 0; i + 1 < admitted.rawHeaders.length; i += 2) {
    const name = admitted.rawHeaders[i]!;
    const value = fromWire(admitted.rawHeaders[i + 1]!);
    const isHost = name.toLowerCase() === 'host';
    hasHost ||= isHost;
    // Fastly lowercases the Host header's value before VCL runs (its ASCII letters: other bytes stay).
    raw.push([name, isHost ? value.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : value]);
  }
  const ctx = service.context({
    // A client purges with `PURGE`, which VCL sees as FASTLYPURGE (req.is_purge), as on Fastly.
    method: req.method === 'PURGE' ? 'FASTLYPURGE' : (req.method ?? 'GET'),
    url: fromWire(admitted.url),
    proto: `HTTP/${req.httpVersion}`,
    headers: raw,
    clientIp: plainAddress(req.socket.remoteAddress),
    serverIp: plainAddress(req.socket.localAddress),
    isTls: 'encrypted' in req.socket && Boolean((req.socket as { encrypted?: boolean }).encrypted),
    connection: connectionFacts(req),
  });
  // Without a Host field (HTTP/1.0), VCL sees none (not the context's default).
  if (!hasHost) ctx.req.headers.delete('host');
  return ctx;
}

/** Does the client ask for a WebSocket (`Upgrade: websocket`, any case, possibly in a list)? */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  return typeof upgrade === 'string' && upgrade.split(',').some((t) => t.trim().toLowerCase() === 'websocket');
}
