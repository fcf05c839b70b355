// What a test opens (edges, origins, servers) is closed after it, the last opened first, whether the
// test passed or not: `const track = closedAfterEach();` at the top of a test file, then `track(x)`.
import { afterEach } from 'vitest';

export type Closable = { close(): Promise<void> };

export function closedAfterEach(): <T extends Closable>(opened: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    while (open.length) await open.pop()!.close();
  });
  return (opened) => (open.push(opened), opened);
}
