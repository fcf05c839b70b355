// `vcl-edge serve <main.vcl>`: the edge server. `--demo` also starts the built-in demo origin
// and points every backend at it (what `npm start` runs).
import type { Command } from 'commander';
import { VclError } from '../../src/diagnostics.js';
import { loadVcl } from '../../src/engine/service.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function pairs(values: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new Error(`${what} expects NAME=VALUE, got "${v}"`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

function hostPort(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen);
  if (!m) throw new Error(`--listen expects HOST:PORT, got "${listen}"`);
  return { host: m[1] ?? m[2]!, port: Number(m[3]) };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve HTTP through the VCL: pass, lookup (cache), error and WebSocket upgrade')
    .argument('<main.vcl>', 'the service VCL')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option('--backend <name=url>', 'replace or add a backend address (http:// or https://)', collect, [])
    .option('--ca-file <pem>', 'trust this CA for TLS origins, besides the public ones', collect, [])
    .option('--log-file <endpoint=path>', 'write a log endpoint to a file', collect, [])
    .option('--access-log <path>', 'write the JSON access log here instead of stderr')
    .option('--cache-size <bytes>', 'cache budget in bytes', (v) => Number.parseInt(v, 10), 64 * 1024 * 1024)
    .option('-I, --include-path <dir>', 'folder to search for included files', collect, [])
    .option('--demo', 'start the built-in demo origin and send every backend to it')
    .action(async (file: string, opts) => {
      let service;
      try {
        service = loadVcl(file, { includePaths: opts.includePath });
      } catch (e) {
        if (e instanceof VclError) {
          process.stderr.write(`${e.message}\n`);
          process.exit(2);
        }
        throw e;
      }
      const backends = pairs(opts.backend, '--backend');
      // The server's modules (ws, http, the relay) load only for `serve`: lint and test start faster.
      const [{ startEdge }, { startDemoOrigin }] = await Promise.all([import('../../src/edge.js'), import('../../src/demo/origin.js')]);
      const demo = opts.demo ? await startDemoOrigin() : null;
      if (demo) {
        for (const name of service.program.backends.keys()) backends[name] ??= demo.url;
        process.stdout.write(`demo origin on ${demo.url}\n`);
      }
      const { createWriteStream } = await import('node:fs');
      const edge = await startEdge({
        vcl: service,
        ...hostPort(opts.listen),
        backends,
        caFiles: opts.caFile,
        logFiles: pairs(opts.logFile, '--log-file'),
        accessLog: opts.accessLog ? createWriteStream(opts.accessLog, { flags: 'a' }) : process.stderr,
        cacheBytes: opts.cacheSize,
      });
      process.stdout.write(`listening on ${edge.url}\n`);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await edge.close(2_000);
        await demo?.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}
