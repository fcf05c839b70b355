// `vcl-edge serve <main.vcl>`: the edge server. `--demo` also starts the built-in demo origin
// and points every backend at it (what `npm start` runs).
import { accessSync, closeSync, constants, createWriteStream, openSync, type WriteStream } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { parseOverride } from '../../src/builtins/variables.js';
import { parseBackendUrl } from '../../src/server/backends.js';
import { UsageError, cannotRead, cannotWrite } from '../../src/usage-error.js';
import type { Value } from '../../src/values/values.js';
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

/**
 * A repeatable `NAME=VALUE` option, checked as commander parses it (a bad one is a usage error, exit 2,
 * before the VCL is even read); `check` may refuse the value too.
 */
function collectPair(form: string, check: (name: string, value: string) => void = () => undefined) {
  return (text: string, previous: string[]): string[] => {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`expected ${form}`);
    try {
      check(text.slice(0, eq), text.slice(eq + 1));
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
    return [...previous, text];
  };
}

/** `--cache-size`: a whole number of bytes (`10MB` or `abc` would otherwise read as 10 or as no cache at all). */
function byteCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('expected a whole number of bytes');
  return Number(text);
}

/** The files serve reads (TLS, CAs) or appends to (the access log), checked before anything starts. */
function checkFiles(opts: { tlsCert?: string; tlsKey?: string; caFile: string[]; accessLog?: string }): void {
  for (const file of [opts.tlsCert, opts.tlsKey, ...opts.caFile]) {
    if (file === undefined) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch (e) {
      throw cannotRead(file, e);
    }
  }
  if (opts.accessLog === undefined) return;
  try {
    closeSync(openSync(opts.accessLog, 'a'));
  } catch (e) {
    throw cannotWrite(opts.accessLog, e);
  }
}

/** `--access-log`: appended to; a write that fails later (a full disk) is said once, not a crash. */
function accessLogFile(path: string): WriteStream {
  const stream = createWriteStream(path, { flags: 'a' });
  let said = false;
  stream.on('error', (e) => {
    if (!said) process.stderr.write(`vcl-edge serve: the access log ${path} stopped: ${e.message}\n`);
    said = true;
  });
  return stream;
}

/** `--listen 8080` (on 127.0.0.1) or `--listen HOST:PORT` (`[::1]:8080` for IPv6). */
function hostPort(listen: string): { host: string; port: number } {
  const m = /^(?:(?:\[([^\]]+)\]|([^:]+)):)?(\d+)$/.exec(listen);
  if (!m || Number(m[3]) > 65535) throw new UsageError(`--listen expects PORT or HOST:PORT, got "${listen}"`);
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port: Number(m[3]) };
}

/**
 * `--override NAME=VALUE`, the value read as the variable's type. client.ip and server.ip, facts of the
 * connection rather than of the environment, go on as text, as a config's overrides give them (checked there).
 */
function overrideFlag(text: string): [string, Value] {
  const eq = text.indexOf('=');
  const name = text.slice(0, Math.max(eq, 0)).trim().toLowerCase();
  if (name === 'client.ip' || name === 'server.ip') return [name, text.slice(eq + 1)];
  try {
    return parseOverride(text);
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
}

/** The project, its compiled service, the config's backend addresses, where to listen and the endpoints its log lines name; throws on a usage or VCL error. */
function loadService(file: string | undefined, opts: ProjectFlags & { listen: string }, flagOverrides: Record<string, Value>) {
  const listen = hostPort(opts.listen);
  const { project, assembled, service } = loadProjectService(file, opts, flagOverrides);
  const backendSettings = Object.fromEntries([...assembled.backendOverrides].map(([name, { url, hostHeader, certHostname, sniHostname }]) => [name, { url, hostHeader, certHostname, sniHostname }]));
  // Read from the tree now: a compiled service does not keep it.
  return { project, service, backendSettings, listen, logged: loggedEndpoints(assembled.load.program) };
}

/** The config's logging endpoints that go to a file. */
function projectLogFiles(project: ProjectConfig): Record<string, string> {
  return Object.fromEntries([...project.logging].filter((e): e is [string, string] => e[1] !== null));
}

/** A `--log-file` for an endpoint no `log` statement names (`logged`, null: any) is most likely a typo: say so. */
function warnUnloggedEndpoints(logged: ReadonlySet<string> | null, endpoints: readonly string[]): void {
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
    .option('--backend <name=url>', 'replace or add a backend address (http:// or https://)', collectPair('NAME=URL', parseBackendUrl), [])
    .option('--ca-file <pem>', 'trust this CA for TLS origins, besides the public ones', collect, [])
    .option('--log-file <endpoint=path>', 'write a log endpoint to a file', collectPair('ENDPOINT=PATH'), [])
    .option('--access-log <path>', 'write the JSON access log here instead of stderr')
    .option('--cache-size <bytes>', 'cache budget in bytes', byteCount, 64 * 1024 * 1024)
    .option('--demo', 'start the built-in demo origin and send every backend to it')
    .option('--tls-cert <pem>', 'listen with TLS: the certificate (PEM file); needs --tls-key')
    .option('--tls-key <pem>', 'the private key of --tls-cert (PEM file)')
    .option('--override <name=value>', 'give an environment variable this value (client.geo.country_code=DE, server.datacenter=LHR…)', collect, [])
    .action(async (file: string | undefined, opts) => {
      let loaded;
      try {
        if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together');
        checkFiles(opts);
        const overrides = Object.fromEntries((opts.override as string[]).map(overrideFlag));
        loaded = loadService(file, opts, overrides);
      } catch (e) {
        process.exit(reportLoadError(e, 'serve'));
      }
      const { service, project, backendSettings, listen, logged } = loaded;
      const backends = pairs(opts.backend, '--backend');
      const logFiles = { ...projectLogFiles(project), ...pairs(opts.logFile, '--log-file') };
      warnUnloggedEndpoints(logged, Object.keys(pairs(opts.logFile, '--log-file')));
      // The server's modules (ws, http, the relay) load only for `serve`: lint and test start faster.
      const [{ startEdge }, { startDemoOrigin }] = await Promise.all([import('../../src/edge.js'), import('../../src/demo/origin.js')]);
      const demo = opts.demo ? await startDemoOrigin() : null;
      if (demo) {
        for (const name of service.program.backends.keys()) backends[name] ??= demo.url;
        process.stdout.write(`demo origin on ${demo.url}\n`);
      }
      const edge = await startEdge({
        vcl: service,
        ...listen,
        backends,
        backendSettings,
        caFiles: opts.caFile,
        logFiles,
        accessLog: opts.accessLog ? accessLogFile(opts.accessLog) : process.stderr,
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
