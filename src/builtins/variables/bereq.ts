// bereq.*: the request to the backend, its timeouts and what was sent (headers: the bereq.http family).
import type { RequestContext } from '../../values/context.js';
import type { BackendTimeouts } from '../../values/connection.js';
import { basename, dirname, extension, urlParts } from './req.js';
import { ALL, at, ro, rw, str, type Getter, type VariableSpec } from './spec.js';

const BEREQ = at('pass,miss,fetch,pipe');
const TIMEOUTS = at('pass,miss,pipe');
const WRITTEN = at('fetch,deliver,log');

const url = (c: RequestContext): string | null => c.bereq?.url ?? null;
const ofUrl = (part: (url: string) => string): Getter => (c) => {
  const u = url(c);
  return u === null ? null : part(u);
};

/** Fastly's defaults where a backend leaves a timeout out. */
const BACKEND_DEFAULT_MS = { connect: 1_000, firstByte: 15_000, betweenBytes: 10_000 } as const;

/** A timeout VCL may set on bereq: until it does, the backend's own (or Fastly's default). */
function timeout(name: string, key: keyof BackendTimeouts, scopes: typeof TIMEOUTS, doc: string, backendMs: (c: RequestContext) => number | null): VariableSpec {
  return rw(name, 'RTIME', scopes, doc, (c) => c.bereqTimeouts[key] ?? backendMs(c) ?? 0, (c, v) => (c.bereqTimeouts = { ...c.bereqTimeouts, [key]: v as number }));
}
const backend = (c: RequestContext) => (c.req.backend === null ? undefined : c.backendSettings.get(c.req.backend));

export const BEREQ_VARIABLES: readonly VariableSpec[] = [
  rw('bereq.method', 'STRING', BEREQ, 'The backend request method.', (c) => c.bereq?.method ?? null, (c, v) => c.bereq && (c.bereq.method = str(v))),
  rw('bereq.request', 'STRING', BEREQ, 'Old name of bereq.method.', (c) => c.bereq?.method ?? null, (c, v) => c.bereq && (c.bereq.method = str(v))),
  rw('bereq.url', 'STRING', BEREQ, 'The backend request URL.', url, (c, v) => c.bereq && (c.bereq.url = str(v))),
  ro('bereq.url.path', 'STRING', BEREQ, 'The path of bereq.url.', ofUrl((u) => urlParts(u).path)),
  ro('bereq.url.qs', 'STRING', BEREQ, 'The query string of bereq.url, without "?".', ofUrl((u) => urlParts(u).qs)),
  ro('bereq.url.basename', 'STRING', BEREQ, 'The last path segment of bereq.url.', ofUrl(basename)),
  ro('bereq.url.dirname', 'STRING', BEREQ, 'The path of bereq.url up to the last "/".', ofUrl(dirname)),
  ro('bereq.url.ext', 'STRING', BEREQ, 'The file extension of bereq.url.', ofUrl(extension)),
  ro('bereq.proto', 'STRING', BEREQ, 'The backend request protocol.', (c) => c.bereq?.proto ?? null),
  ro('bereq.headers', 'ID', at('miss,pass,fetch'), 'The backend request headers as a whole.', () => 'bereq'),
  ro('bereq.is_clustering', 'BOOL', ALL, 'Whether the backend request goes to another cache of the POP.', () => false, { local: 'always false: one cache' }),
  timeout('bereq.connect_timeout', 'connect', TIMEOUTS, 'How long to wait for the connection to the backend.', (c) => backend(c)?.connectTimeoutMs ?? BACKEND_DEFAULT_MS.connect),
  timeout('bereq.first_byte_timeout', 'firstByte', TIMEOUTS, 'How long to wait for the first byte of the response.', (c) => backend(c)?.firstByteTimeoutMs ?? BACKEND_DEFAULT_MS.firstByte),
  timeout('bereq.between_bytes_timeout', 'betweenBytes', TIMEOUTS, 'How long to wait between two bytes of the response.', (c) => backend(c)?.betweenBytesTimeoutMs ?? BACKEND_DEFAULT_MS.betweenBytes),
  timeout('bereq.fetch_timeout', 'fetch', at('pass,miss'), 'How long the whole fetch may take (0: no limit).', () => null),
  timeout('bereq.max_reuse_idle_time', 'maxReuseIdle', at('miss,pass'), 'How long an idle backend connection may be reused (0: the default).', () => null),
  ro('bereq.header_bytes_written', 'INTEGER', WRITTEN, 'Bytes of the request line and headers sent to the backend.', (c) => c.backendRequestBytes?.header ?? 0),
  ro('bereq.body_bytes_written', 'INTEGER', WRITTEN, 'Bytes of the request body sent to the backend.', (c) => c.backendRequestBytes?.body() ?? 0),
  ro('bereq.bytes_written', 'INTEGER', WRITTEN, 'Bytes of the whole request sent to the backend.', (c) => (c.backendRequestBytes ? c.backendRequestBytes.header + c.backendRequestBytes.body() : 0)),
];
