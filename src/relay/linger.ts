// Closing the client after we answered it ourselves (an error, or a refused upgrade).
// Destroying a socket with unread input makes the kernel send RST, which can wipe the
// response before the client reads it. So: send FIN, read and drop whatever the client
// still sends, and destroy when it closes too, or after a short bound.

import type { Socket } from 'node:net';

export const LINGER_MS = 2000;

export function endAndLinger(client: Socket, lingerMs = LINGER_MS): void {
  if (client.destroyed) return;
  const timer = setTimeout(() => client.destroy(), lingerMs);
  client.once('close', () => clearTimeout(timer));
  client.on('data', discard);
  client.resume();
  client.end();
}

function discard(): void {}
