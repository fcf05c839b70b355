// The edge the attack suites aim at: VCL that blocks /admin and stamps what it saw on every request it
// lets through, in front of an origin that records what reached it. A request the origin got without
// the stamp, or for /admin, got past VCL.
import { expect } from 'vitest';
import type { Closable } from './cleanup.js';
import { startTestEdge } from './edge.js';
import { startRecordingOrigin, type RecordingOrigin } from './raw-http.js';

export const GUARD_VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
  if (req.url ~ "^/admin") { error 403 "admin is internal"; }
  set req.http.X-Vcl-View = req.method " " req.url;
  if (req.http.Upgrade) { return (upgrade); }
  return (pass);
}`;

/** A request for /admin, smuggled after another one: it must never reach the origin. */
export const SMUGGLED = 'GET /admin HTTP/1.1\r\nHost: x\r\n\r\n';

/** The guarded edge and its recording origin, each handed to `track` (closed after the test). */
export async function guardedEdge(
  track: <T extends Closable>(opened: T) => T,
  options: { headersTimeoutMs?: number; bodyIdleTimeoutMs?: number } = {},
  respond?: Parameters<typeof startRecordingOrigin>[0],
) {
  const origin = track(await startRecordingOrigin(respond));
  const edge = track(await startTestEdge(GUARD_VCL, { backends: { origin: `http://127.0.0.1:${origin.port}` }, ...options }));
  return { origin, edge };
}

/** Every request the origin got is one VCL saw (its stamp matches it) and none is for /admin. */
export function expectOnlyWhatVclSaw(origin: RecordingOrigin): void {
  for (const seen of origin.seen) {
    expect(origin.header(seen, 'x-vcl-view'), `${seen.method} ${seen.url}`).toBe(`${seen.method} ${seen.url}`);
    expect(seen.url).not.toMatch(/^\/admin/);
  }
}
