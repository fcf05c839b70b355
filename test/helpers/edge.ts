// Start a real vcl-edge server on 127.0.0.1:0 from VCL text, capturing its VCL log lines,
// access log and warnings in memory.
import { Writable } from 'node:stream';
import { startEdge, type RunningEdge } from '../../src/edge.js';
import { compile } from '../../src/index.js';

export interface CapturedEdge extends RunningEdge {
  /** VCL `log` lines sent to stdout, in order. */
  logs: string[];
  /** Access log records. */
  access: Record<string, unknown>[];
  warnings: string[];
  wsUrl(path?: string): string;
}

function lineSink(onLine: (line: string) => void): Writable {
  let pending = '';
  return new Writable({
    write(chunk, _enc, done) {
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
      done();
    },
  });
}

export async function startTestEdge(
  vcl: string,
  options: { backends?: Record<string, string>; caFiles?: string[]; cacheBytes?: number; headersTimeoutMs?: number; bodyIdleTimeoutMs?: number } = {},
): Promise<CapturedEdge> {
  const logs: string[] = [];
  const access: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  const edge = await startEdge({
    vcl: compile(vcl, { file: 'test.vcl' }),
    host: '127.0.0.1',
    port: 0,
    backends: options.backends,
    caFiles: options.caFiles,
    cacheBytes: options.cacheBytes,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyIdleTimeoutMs: options.bodyIdleTimeoutMs,
    stdout: lineSink((l) => logs.push(l)),
    accessLog: lineSink((l) => access.push(JSON.parse(l) as Record<string, unknown>)),
    warn: (l) => warnings.push(l),
  });
  return { ...edge, logs, access, warnings, wsUrl: (path = '/') => `ws://127.0.0.1:${edge.port}${path}` };
}

/** The VCL most WebSocket tests use: upgrade when asked, with headers rewritten on the way. */
export const WS_VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  set req.http.X-Added = "by-vcl";
  unset req.http.X-Secret;
  set req.http.X-Changed = "new-" req.http.X-Changed;
  if (req.url ~ "^/v2/") { set req.url = regsub(req.url, "^/v2/", "/"); }
  if (req.http.Upgrade) { return (upgrade); }
  return (pass);
}
sub vcl_log {
#FASTLY log
  log "syslog " req.service_id " ws :: accepted " req.url " " resp.status;
}
`;
