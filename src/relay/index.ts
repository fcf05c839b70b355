// The WebSocket/upgrade relay: what vcl_recv's `return(upgrade)` hands a connection to.
//
//   server.on('upgrade', (req, socket, head) => {
//     const tunnel = openTunnel(socket, head, request, target, { onAccepted, onClosed });
//   });
//
// It sends the request as given, reads the origin's answer, and on 101 joins the two
// sockets byte for byte until both sides are done. Any other answer is relayed and the
// connection closed; an unreachable origin gets the client a 503.

import type { Socket } from 'node:net';
import { Tunnel } from './tunnel.js';
import type { TunnelHooks, TunnelRequest, TunnelTarget } from './types.js';

export { Tunnel } from './tunnel.js';
export { TunnelRegistry } from './registry.js';
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_FIRST_BYTE_TIMEOUT_MS,
  MAX_RESPONSE_HEAD_BYTES,
  type ClosedBy,
  type TunnelAccepted,
  type TunnelClosed,
  type TunnelHooks,
  type TunnelOutcome,
  type TunnelRequest,
  type TunnelTarget,
} from './types.js';

/**
 * Takes over `client` (the socket from http.Server's 'upgrade' event, with `clientHead`
 * the bytes that came after the request head) and tunnels it to `target`. Those bytes, like
 * anything else the client sends, reach the origin only after its 101.
 * hooks.onAccepted runs once when the origin has answered or failed; hooks.onClosed runs
 * once after both sockets are closed.
 */
export function openTunnel(
  client: Socket,
  clientHead: Buffer,
  request: TunnelRequest,
  target: TunnelTarget,
  hooks: TunnelHooks,
): Tunnel {
  return new Tunnel(client, clientHead, request, target, hooks);
}
