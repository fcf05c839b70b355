// The request every test starts from. falco's is `GET http://localhost/` from 127.0.0.1; its
// `--request FILE` (JSON or YAML: remote_ip, path, user_agent, headers) and `--host` change it for
// every test of a run (falco config/request.go), and so do vcl-edge's.
import { readStructured } from '../project/structured.js';
import { isPlainObject } from '../project/keys.js';
import { parseIp } from '../values/ip.js';
import type { RequestContext } from '../values/context.js';
import { UsageError } from '../usage-error.js';

export interface TestRequest {
  clientIp?: string;
  path?: string;
  userAgent?: string;
  headers?: Readonly<Record<string, string>>;
  /** The Host header (falco's --host). */
  host?: string;
}

function text(file: string, key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UsageError(`${file}: ${key} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** Read falco's request config file. Throws UsageError for a file that cannot be read or a bad value. */
export function readRequestConfig(file: string): TestRequest {
  const { value } = readStructured(file);
  if (!isPlainObject(value)) throw new UsageError(`${file}: a request config is an object (remote_ip, path, user_agent, headers)`);
  const clientIp = text(file, 'remote_ip', value['remote_ip']);
  if (clientIp !== undefined && parseIp(clientIp) === null) throw new UsageError(`${file}: remote_ip ${JSON.stringify(clientIp)} is not an IP address`);
  const headers = value['headers'];
  if (headers !== undefined && !isPlainObject(headers)) throw new UsageError(`${file}: headers must be an object of names to values`);
  const named = Object.entries(headers ?? {}).map(([name, v]) => [name, text(file, `headers.${name}`, v) ?? ''] as const);
  return { clientIp, path: text(file, 'path', value['path']), userAgent: text(file, 'user_agent', value['user_agent']), headers: Object.fromEntries(named) };
}

/** Make a test's fresh request the configured one. */
export function applyTestRequest(ctx: RequestContext, request: TestRequest): void {
  if (request.clientIp !== undefined) ctx.clientIp = parseIp(request.clientIp)!;
  if (request.path !== undefined) ctx.req.url = request.path;
  if (request.userAgent !== undefined) ctx.req.headers.set('User-Agent', request.userAgent);
  for (const [name, value] of Object.entries(request.headers ?? {})) ctx.req.headers.set(name, value);
  if (request.host !== undefined) ctx.req.headers.set('Host', request.host);
}
