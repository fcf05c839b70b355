// A cacheable origin body belongs to the cache, not to the client that happened to ask first:
// requests collapsed behind it wait for the object, and on Fastly a fetch completes and fills the
// cache even when nobody waits. So when the first client leaves, the body is read on for the cache.
// Bounded: the origin's between_bytes_timeout ends a stalled body (origin-fetch.ts), and a body
// larger than the cache copy limit is abandoned, since the cache would not keep it anyway.
import type { Readable, Transform } from 'node:stream';

/**
 * Keep `source` flowing through `tee` (the cache copy) with no client behind it. `tee` was piped to
 * the client; `alreadyRead` bytes came from the origin before the client left.
 */
export function fillWithoutClient(source: Readable, tee: Transform, limitBytes: number, alreadyRead: number): void {
  let read = alreadyRead;
  const giveUp = (): void => {
    source.destroy();
    tee.destroy(); // settles the copy as incomplete: the waiting requests fetch for themselves
  };
  if (read > limitBytes) return giveUp();
  source.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > limitBytes) giveUp();
  });
  // The origin broke off or went silent (between_bytes_timeout): the copy is incomplete.
  source.once('close', () => {
    if (!source.readableEnded) tee.destroy();
  });
  tee.unpipe();
  tee.resume();
}
