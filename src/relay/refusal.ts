// Passes on an origin's non-101 answer (a 403 with its body, say) and nothing after it.
// The response ends where its framing says; then both sides are closed.

import type { Socket } from 'node:net';
import type { BodyFraming } from './body-framing.js';

/**
 * Forwards the rest of the response body from origin to client with backpressure.
 * `firstBytes` are body bytes that arrived with the head. `done` runs once, when the body is
 * complete or the origin stops sending.
 */
export function relayRefusal(
  origin: Socket,
  client: Socket,
  framing: BodyFraming,
  firstBytes: Buffer,
  done: () => void,
): void {
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    origin.removeListener('data', forward);
    origin.removeListener('end', finish);
    client.removeListener('drain', resumeOrigin);
    done();
  };
  const forward = (chunk: Buffer): void => {
    const take = framing.push(chunk);
    if (take > 0 && !client.write(take === chunk.length ? chunk : chunk.subarray(0, take))) origin.pause();
    if (framing.done) finish();
  };
  const resumeOrigin = (): void => {
    origin.resume();
  };

  origin.on('end', finish);
  client.on('drain', resumeOrigin);
  if (firstBytes.length > 0 || framing.done) forward(firstBytes);
  if (!finished) origin.on('data', forward);
}
