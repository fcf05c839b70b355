// `vcl-edge serve <main.vcl>`: the edge server. `--demo` also starts the built-in demo origin
// and points every backend at it (what `npm start` runs).
import type { Command } from 'commander';
import { parseOverride } from '../../src/builtins/variables.js';
import { UsageError } from '../../src/usage-error.js';
import type { Value } from '../../src/values/values.js';
import type { Service } from '../../src/engine/service.js';
import { loggedEndpoints, type ProjectConfig } from '../../src/project/index.js';
import { addProjectOptions, collect, exitTwoOnUsageErrors, type ProjectFlags } from './project-options.js';
import { loadProjectService, reportLoadError } from './project-service.js';

function pairs(values: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new Error(`${what} expects NAME=VALUE, got "${v}"`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

/** `--listen 8080` (on 127.0.0.1) or `--listen HOST:PORT` (`[::1]:8080` for IPv6). */
function hostPort(listen: string): { host: string; port: number } {
  const m = /^(?:(?:\[([^\]]+)\]|([^:]+)):)?(\d+)$/.exec(listen);
  if (!m || Number(m[3]) > 65535) throw new UsageError(`--listen expects PORT or HOST:PORT, got "${listen}"`);
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port: Number(m[3]) };
}

/** `--override NAME=VALUE`, the value read as the variable's type. */
function overrideFlag(text: string): [string, Value] {
  try {
    return parseOverride(text);
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
}

/** The project, its compiled service, the config's backend addresses and where to listen; throws on a usage or VCL error. */
function loadService(file: string | undefined, opts: ProjectFlags & { listen: string }, flagOverrides: Record<string, Value>) {
  const listen = hostPort(opts.listen);
  const { project, assembled, service } = loadProjectService(file, opts, flagOverrides);
  const backendSettings = Object.fromEntries([...assembled.backendOverrides].map(([name, { url, hostHeader, certHostname, sniHostname }]) => [name, { url, hostHeader, certHostname, sniHostname }]));
  return { project, service, backendSettings, listen };
}

/** The config's logging endpoints that go to a file. */
function projectLogFiles(project: ProjectConfig): Record<string, string> {
  return Object.fromEntries([...project.logging].filter((e): e is [string, string] => e[1] !== null));
}

/** A `--log-file` for an endpoint no `log` statement names is most likely a typo: say so. */
function warnUnloggedEndpoints(service: Service, endpoints: readonly string[]): void {
  const logged = loggedEndpoints(service.ast);
  if (logged === null) return; // some log line computes its endpoint: any name may be right
  for (const endpoint of endpoints) {
    if (!logged.has(endpoint)) {
      const known = [...logged].sort();
      process.stderr.write(`vcl-edge serve: warning: --log-file ${endpoint}: the VCL never logs to "${endpoint}" (${known.length ? `it logs to ${known.join(', ')}` : 'it has no log "syslog … ENDPOINT :: …" line'})\n`);
    }
  }
}

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('serve HTTP through the VCL: pass, lookup (cache), error and WebSocket upgrade')
    .argument('[main.vcl]', "the service VCL (default: the project's main VCL, from .vcl-edge.json or --terraform)");
  exitTwoOnUsageErrors(addProjectOptions(command))
    .option('--listen <[host:]port>', 'address to listen on (a port alone listens on 127.0.0.1)', '127.0.0.1:8080')
    .option('--backend <name=url>', 'replace or add a backend address (http:// or https://)', collect, [])
    .option('--ca-file <pem>', 'trust this CA for TLS origins, besides the public ones', collect, [])
    .option('--log-file <endpoint=path>', 'write a log endpoint to a file', collect, [])
    .option('--access-log <path>', 'write the JSON access log here instead of stderr')
    .option('--cache-size <bytes>', 'cache budget in bytes', (v) => Number.parseInt(v, 10), 64 * 1024 * 1024)
    .option('--demo', 'start the built-in demo origin and send every backend to it')
    .option('--tls-cert <pem>', 'listen with TLS: the certificate (PEM file); needs --tls-key')
    .option('--tls-key <pem>', 'the private key of --tls-cert (PEM file)')
    .option('--override <name=value>', 'give an environment variable this value (client.geo.country_code=DE, server.datacenter=LHR…)', collect, [])
    .action(async (file: string | undefined, opts) => {
      let loaded;
      try {
        if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together');
        const overrides = Object.fromEntries((opts.override as string[]).map(overrideFlag));
        loaded = loadService(file, opts, overrides);
      } catch (e) {
        process.exit(reportLoadError(e, 'serve'));
      }
      const { service, project, backendSettings, listen } = loaded;
      const backends = pairs(opts.backend, '--backend');
      const logFiles = { ...projectLogFiles(project), ...pairs(opts.logFile, '--log-file') };
      warnUnloggedEndpoints(service, Object.keys(pairs(opts.logFile, '--log-file')));
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
        ...listen,
        backends,
        backendSettings,
        caFiles: opts.caFile,
        logFiles,
        accessLog: opts.accessLog ? createWriteStream(opts.accessLog, { flags: 'a' }) : process.stderr,
        cacheBytes: opts.cacheSize,
        tls: opts.tlsCert ? { cert: opts.tlsCert, key: opts.tlsKey } : undefined,
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
