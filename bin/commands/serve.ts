// `vcl-edge serve <main.vcl>`: the edge server. `--demo` also starts the built-in demo origin
// and points every backend at it (what `npm start` runs).
import { accessSync, closeSync, constants, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { parseOverride } from '../../src/builtins/variables.js';
import { parseBackendUrl } from '../../src/server/backends.js';
import { UsageError, cannotRead, cannotWrite } from '../../src/usage-error.js';
import type { Value } from '../../src/values/values.js';
import { loggedEndpoints, type ProjectConfig } from '../../src/project/index.js';
import { addFastlyMacrosOption, addProjectOptions, collect, exitTwoOnUsageErrors, type ProjectFlags } from './project-options.js';
import { loadErrorText, loadProjectService, reportLoadError } from './project-service.js';
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Service } from '../../src/engine/service.js';

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
  if (opts.accessLog === undefined || opts.accessLog === '-' || opts.accessLog === 'off') return;
  try {
    closeSync(openSync(opts.accessLog, 'a'));
  } catch (e) {
    throw cannotWrite(opts.accessLog, e);
  }
}

/** `--access-log`: stderr when not given, `-` stdout, `off` none (no line is built), else a file. */
function accessLogTarget(flag: string | undefined): Writable | null {
  if (flag === undefined) return process.stderr;
  if (flag === 'off') return null;
  if (flag === '-') return process.stdout;
  return accessLogFile(flag);
}

/**
 * `--access-log PATH`: appended to, synchronously (the access log writes one batch per turn of the
 * event loop), so that a process.exit (a second Ctrl-C, an uncaught error) loses no line the way a
 * queued asynchronous write would. A write that fails later (a full disk) is said once, not a crash.
 */
function accessLogFile(path: string): Writable {
  const fd = openSync(path, 'a');
  let said = false;
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      try {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      } catch (e) {
        if (!said) process.stderr.write(`vcl-edge serve: the access log ${path} stopped: ${(e as Error).message}\n`);
        said = true;
      }
      done();
    },
    final(done) {
      closeSync(fd);
      done();
    },
  });
}

/** `--workers`: a whole number of processes, at least 1. */
function positiveCount(text: string): number {
  if (!/^[1-9]\d{0,3}$/.test(text)) throw new InvalidArgumentError('expected a whole number of processes, 1 or more');
  return Number(text);
}

/** `--workers`, else one per core; the demo origin lives in the one process, so `--demo` serves from it alone. */
function workerCount(opts: { workers?: number; demo?: boolean }): number {
  if (opts.demo && opts.workers !== undefined && opts.workers > 1) throw new UsageError('--demo serves from one process: leave out --workers or give --workers 1');
  return opts.workers ?? (opts.demo ? 1 : availableParallelism());
}

/** The files a reload reads again, for `--watch`: the config and its data files, the VCL and its includes. */
function watchedFiles(project: ProjectConfig, service: Service): string[] {
  return [...new Set([...project.files, ...service.files])];
}

/** `--listen 8080` (on 127.0.0.1) or `--listen HOST:PORT` (`[::1]:8080` for IPv6). */
function hostPort(listen: string, flag = '--listen'): { host: string; port: number } {
  const m = /^(?:(?:\[([^\]]+)\]|([^:]+)):)?(\d+)$/.exec(listen);
  if (!m || Number(m[3]) > 65535) throw new UsageError(`${flag} expects PORT or HOST:PORT, got "${listen}"`);
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

/**
 * SIGHUP's default action ends the process: until the supervisor handles it (a reload), one that comes
 * while the service compiles or the edge starts is noted instead, and reloads once serving.
 */
function holdHangUps(): () => boolean {
  let held = false;
  const note = () => void (held = true);
  process.on('SIGHUP', note);
  return () => {
    process.off('SIGHUP', note);
    return held;
  };
}

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('serve HTTP through the VCL: pass, lookup (cache), error and WebSocket upgrade')
    .argument('[main.vcl]', "the service VCL (default: the project's main VCL, from .vcl-edge.json or --terraform)");
  exitTwoOnUsageErrors(addFastlyMacrosOption(addProjectOptions(command)))
    .option('--listen <[host:]port>', 'address to listen on (a port alone listens on 127.0.0.1)', '127.0.0.1:8080')
    .option('--backend <name=url>', 'replace or add a backend address (http:// or https://)', collectPair('NAME=URL', parseBackendUrl), [])
    .option('--ca-file <pem>', 'trust this CA for TLS origins, besides the public ones', collect, [])
    .option('--log-file <endpoint=path>', 'write a log endpoint to a file', collectPair('ENDPOINT=PATH'), [])
    .option('--access-log <path|-|off>', 'write the JSON access log to this file (default stderr; - for stdout, off for none)')
    .option('--cache-size <bytes>', 'cache budget in bytes', byteCount, 64 * 1024 * 1024)
    .option('--demo', 'start the built-in demo origin and send every backend to it')
    .option('--tls-cert <pem>', 'listen with TLS: the certificate (PEM file); needs --tls-key')
    .option('--tls-key <pem>', 'the private key of --tls-cert (PEM file)')
    .option('--override <name=value>', 'give an environment variable this value (client.geo.country_code=DE, server.datacenter=LHR…)', collect, [])
    .option('--workers <n>', 'worker processes sharing the listening socket, each with its own cache (default: one per core; 1: this process alone)', positiveCount)
    .option('--watch', 'reload the VCL and the config when one of their files changes (SIGHUP reloads too)')
    .option('--admin <[host:]port>', 'serve Prometheus /metrics and /healthz on this address (off by default; a port alone is on 127.0.0.1)')
    .action(async (file: string | undefined, opts) => {
      const takeHeldHangUp = holdHangUps();
      let loaded;
      let admin: { host: string; port: number } | undefined;
      let overrides: Record<string, Value> = {};
      let workers = 1;
      try {
        workers = workerCount(opts);
        admin = opts.admin === undefined ? undefined : hostPort(opts.admin, '--admin');
        if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together');
        checkFiles(opts);
        overrides = Object.fromEntries((opts.override as string[]).map(overrideFlag));
        loaded = loadService(file, opts, overrides);
      } catch (e) {
        process.exit(reportLoadError(e, 'serve'));
      }
      const { service, project, backendSettings, listen, logged } = loaded;
      const backends = pairs(opts.backend, '--backend');
      const logFiles = { ...projectLogFiles(project), ...pairs(opts.logFile, '--log-file') };
      if (cluster.isPrimary) warnUnloggedEndpoints(logged, Object.keys(pairs(opts.logFile, '--log-file')));
      // The server's modules (ws, http, the relay) load only for `serve`: lint and test start faster.
      const [{ startEdge }, { superviseEdge }, { startDemoOrigin }] = await Promise.all([import('../../src/edge.js'), import('../../src/supervisor/index.js'), import('../../src/demo/origin.js')]);
      const demo = opts.demo ? await startDemoOrigin() : null;
      if (demo) {
        for (const name of service.program.backends.keys()) backends[name] ??= demo.url;
        process.stdout.write(`demo origin on ${demo.url}\n`);
      }
      // In a cluster, each worker counts its own metrics and the primary serves their sum on --admin.
      const clustered = workers > 1 || cluster.isWorker;
      const metrics = clustered && admin ? (await import('../../src/server/metrics.js')).clusterWorkerMetrics() : undefined;
      await superviseEdge({
        workers,
        watch: Boolean(opts.watch),
        initial: { service, backendSettings, files: watchedFiles(project, service) },
        load: () => {
          const again = loadService(file, opts, overrides);
          return { service: again.service, backendSettings: again.backendSettings, files: watchedFiles(again.project, again.service) };
        },
        explain: (e) => loadErrorText(e, 'serve'),
        start: async (next) => {
          const edge = await startEdge({
            vcl: next.service,
            ...listen,
            backends,
            backendSettings: next.backendSettings,
            caFiles: opts.caFile,
            logFiles,
            accessLog: accessLogTarget(opts.accessLog),
            cacheBytes: opts.cacheSize,
            tls: opts.tlsCert ? { cert: opts.tlsCert, key: opts.tlsKey } : undefined,
            admin: clustered ? undefined : admin,
            metrics,
          });
          if (edge.admin) process.stdout.write(`admin (/metrics, /healthz) on ${edge.admin.url}\n`);
          return edge;
        },
        onPrimaryReady: async (primary) => {
          if (!admin) return;
          const clusterAdmin = await (await import('../../src/server/admin.js')).startClusterAdmin(admin.host, admin.port, primary.stopping);
          process.stdout.write(`admin (/metrics, /healthz) on ${clusterAdmin.url}\n`);
        },
        onStopped: async () => demo?.close(),
        takeHeldHangUp,
      });
    });
}
