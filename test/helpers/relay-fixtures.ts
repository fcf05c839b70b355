// Shared setup for relay tests: an origin and proxy pair that is torn down after each
// test, and the "nothing left behind" check.

import { afterEach, expect } from 'vitest';
import { startWsEchoOrigin, type Closable } from './origins.js';
import { startRelayProxy, type RelayProxy } from './relay-proxy.js';
import { eventually } from './ws-client.js';

const cleanups: (() => Promise<void> | void)[] = [];

/** Registers the hook that closes everything `track`ed, in reverse order, after each test. */
export function closeTrackedAfterEach(): void {
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
}

export function track<T extends Closable | RelayProxy>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

export function onCleanup(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

/** A `ws` echo origin with a relay proxy in front; `url` goes through the proxy. */
export async function wsSetup(options: Parameters<typeof startWsEchoOrigin>[0] = {}) {
  const origin = track(await startWsEchoOrigin(options));
  const proxy = track(await startRelayProxy({ target: { port: origin.port } }));
  return { origin, proxy, url: `ws://127.0.0.1:${proxy.port}/chat` };
}

/** Every tunnel reported onClosed and no socket is left on the proxy or the origin. */
export async function expectNothingLeft(
  proxy: RelayProxy,
  origin: { connections(): Promise<number> },
  tunnels: number,
): Promise<void> {
  await proxy.whenClosed(tunnels);
  expect(proxy.registry.size).toBe(0);
  expect(await eventually(async () => (await proxy.connections()) === 0)).toBe(true);
  expect(await eventually(async () => (await origin.connections()) === 0)).toBe(true);
}
