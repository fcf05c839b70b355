// A vcl-edge server in its own process, for benchmarks: its memory and CPU are its own.
// Forked with the VCL file and backend URL; reports {port} over IPC; answers {gc:true}.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { startEdge } from '../src/edge.js';
import { collectGarbage, forkReportingPort, killChild, serveGcRequests } from './fork-child.js';
import type { ProxyHandle } from './relay-bench.js';

const thisFile = fileURLToPath(import.meta.url);
const discard = () => new Writable({ write: (_c, _e, done) => done() });

/** Start vcl-edge serving `vcl` with every backend in `backends` pointed at the given origins. */
export async function startEdgeChild(vcl: string, backends: Record<string, string>): Promise<ProxyHandle & { child: ChildProcess }> {
  const { child, port } = await forkReportingPort(thisFile, ['edge-child', vcl, JSON.stringify(backends)], ['--expose-gc']);
  return {
    child,
    port,
    pid: child.pid,
    close: () => killChild(child),
    gc: () => collectGarbage(child),
  };
}

if (process.argv[2] === 'edge-child') {
  const [vcl, backends] = [process.argv[3]!, JSON.parse(process.argv[4]!) as Record<string, string>];
  const edge = await startEdge({ vcl, port: 0, backends, stdout: discard(), accessLog: discard(), warn: () => undefined });
  process.send?.({ port: edge.port });
  serveGcRequests();
}
