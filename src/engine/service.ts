// A compiled VCL service: what `serve`, `test` and the library API run.
// compile()/loadVcl() throw one VclError carrying every diagnostic when the VCL has errors.
import { VclError, hasErrors, type Diagnostic } from '../diagnostics.js';
import { check, type CheckOptions } from '../check/checker.js';
import { CompiledProgram, type SubOutcome } from '../compile/program.js';
import { createHash } from 'node:crypto';
import { RequestContext, type LogLine, type RequestInit, type Scope, type StepRecord, type VclIdentity } from '../values/context.js';
import type { Value } from '../values/values.js';
import { checkOverrides } from '../builtins/variables.js';
import type { Headers } from '../values/headers.js';
import { scopeOfSub } from '../builtins/subroutines.js';
import { loadFile, loadSource, type LoadOptions, type LoadResult } from '../parser/loader.js';
import { simulate, type SimulateOptions, type SimulatedResponse } from './simulate.js';
import { EdgeRuntime } from './runtime.js';
import { expandFastlyMacros } from '../project/snippets.js';
import { keepDiagnostic } from '../project/fastly-macros.js';

/** Settings of a service beyond its VCL. */
export interface ServiceOptions {
  /**
   * Values for environment variables (client.geo.*, server.datacenter, tls.client.ja3_md5…) for every
   * request, by name; a request's own `overrides` win. A name that cannot be overridden, or a value of
   * the wrong type, throws.
   */
  overrides?: Record<string, Value>;
  /**
   * Whether each `#FASTLY <sub>` line runs the code Fastly generates there (X-Timer, Fastly-Cachetype,
   * the 801 redirect…), as on Fastly (default true); false leaves the lines as comments.
   */
  fastlyMacros?: boolean;
}

export interface CompileOptions extends LoadOptions, CheckOptions, ServiceOptions {
  /** The name diagnostics use for the source (default `input.vcl`). */
  file?: string;
}

export interface SubResult {
  /** The state the subroutine ended in: lookup, pass, upgrade, error, restart, deliver, ... */
  state: string;
  /** Whether VCL returned the state itself (false: the built-in default was taken). */
  explicit: boolean;
  /** Set when the subroutine ran `error`. */
  error: { status: number; response: string | null } | null;
  /** The backend VCL selected (req.backend). */
  backend: string | null;
  /** The request as VCL left it. */
  req: { method: string; url: string; headers: Headers };
  /** The backend request and the response, when the context had them (null in vcl_recv). */
  bereq: { method: string; url: string; headers: Headers } | null;
  resp: { status: number; response: string | null; headers: Headers } | null;
  /** The body `synthetic` set, if any. */
  syntheticBody: string | null;
  /** How each built-in subroutine run so far ended, in order. */
  steps: StepRecord[];
  logs: LogLine[];
  /** Every subroutine entered, in order. */
  called: string[];
  /** The whole request state, for anything else. */
  context: RequestContext;
}

/**
 * A service compiled to run. It keeps what runs (the compiled program, the sources for messages), not the
 * syntax tree or what the checker learned of it: those are garbage once compiled (loadSource gives a tree).
 */
export class Service {
  readonly program: CompiledProgram;
  /** Warnings and infos the checker found (errors make compile() throw). */
  readonly warnings: Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly files: readonly string[];
  /** Backend health, directors, rate counters and penalty boxes, shared by this service's requests. */
  readonly runtime: EdgeRuntime;

  /** The service's environment overrides, checked (null: none). */
  private readonly overrides: ReadonlyMap<string, Value> | null;
  /** req.vcl.*: the MD5 of the sources, in load order. */
  private readonly vcl: VclIdentity;

  constructor(loaded: LoadResult, options: CheckOptions & ServiceOptions = {}) {
    // A program with syntax errors is partial: report them alone rather than check half a tree.
    if (hasErrors(loaded.diagnostics)) throw new VclError(loaded.diagnostics.filter((d) => d.severity === 'error'), loaded.sources);
    loaded = options.fastlyMacros === false ? loaded : expandFastlyMacros(loaded);
    const checked = check(loaded.program, options);
    const all = [...loaded.diagnostics, ...checked.diagnostics.filter(keepDiagnostic)];
    if (hasErrors(all)) throw new VclError(all.filter((d) => d.severity === 'error'), loaded.sources);
    this.program = new CompiledProgram(checked.info);
    this.runtime = new EdgeRuntime(this.program);
    this.warnings = all;
    this.sources = loaded.sources;
    this.files = loaded.files;
    this.overrides = options.overrides ? checkOverrides(options.overrides) : null;
    this.vcl = new SourcesIdentity(loaded.sources, loaded.files);
  }

  /**
   * req.vcl.version: 1 as loaded. Fastly counts a service's versions; a server that reloads its VCL
   * gives each new service the next number, so VCL and logs can tell which one answered.
   */
  get version(): number {
    return this.vcl.version;
  }

  set version(version: number) {
    this.vcl.version = version;
  }

  /** A fresh request state, with req.backend set to the default (first declared) backend. */
  context(request: RequestInit = {}): RequestContext {
    const ctx = new RequestContext(request);
    ctx.req.backend = this.program.defaultBackend;
    ctx.backendSettings = this.program.backends;
    ctx.vcl = this.vcl;
    ctx.overrides = request.overrides ? new Map([...(this.overrides ?? []), ...checkOverrides(request.overrides)]) : this.overrides;
    this.runtime.attach(ctx);
    return ctx;
  }

  /**
   * Run one subroutine (`vcl_recv`, `recv`, or a custom one) against a request you describe,
   * or against a context you prepared (e.g. with bereq/beresp set).
   */
  runSub(name: string, request: RequestInit | RequestContext = {}): SubResult {
    const ctx = request instanceof RequestContext ? request : this.context(request);
    const full = name.startsWith('vcl_') || scopeOfSub(`vcl_${name}`) === null ? name : `vcl_${name}`;
    const scope = scopeOfSub(full);
    let outcome: SubOutcome;
    if (scope) outcome = this.program.runBuiltin(scope as Scope, ctx);
    else {
      if (!this.program.hasSub(full)) throw new Error(`no subroutine named "${name}"`);
      const signal = this.program.runSub(full, ctx);
      outcome =
        signal?.kind === 'error'
          ? { kind: 'error', status: signal.status, response: signal.response }
          : signal?.kind === 'restart'
            ? { kind: 'restart' }
            : { kind: 'state', state: signal?.kind === 'return' && signal.state ? signal.state : 'return', explicit: signal !== undefined };
    }
    return summarize(outcome, ctx);
  }

  /** Run vcl_recv for a request: the most common unit test. */
  recv(request: RequestInit = {}): SubResult {
    return this.runSub('vcl_recv', request);
  }

  /** Run the whole request lifecycle without sockets; the origin's answer comes from `options.origin`. */
  run(request: RequestInit | RequestContext = {}, options: SimulateOptions = {}): Promise<SimulatedResponse> {
    return simulate(this.program, request instanceof RequestContext ? request : this.context(request), options, this.runtime);
  }
}

/** req.vcl.*: the MD5 of the sources in load order, worked out when first read (a twentieth of a load's time). */
class SourcesIdentity implements VclIdentity {
  version = 1;
  readonly generation = 1;
  private digest: string | null = null;

  constructor(
    private readonly sources: ReadonlyMap<string, string>,
    private readonly files: readonly string[],
  ) {}

  get md5(): string {
    if (this.digest === null) {
      const md5 = createHash('md5');
      for (const file of this.files) md5.update(this.sources.get(file) ?? '');
      this.digest = md5.digest('hex');
    }
    return this.digest;
  }
}

function summarize(outcome: SubOutcome, ctx: RequestContext): SubResult {
  return {
    state: outcome.kind === 'state' ? outcome.state : outcome.kind,
    explicit: outcome.kind === 'state' ? outcome.explicit : true,
    error: outcome.kind === 'error' ? { status: outcome.status, response: outcome.response } : null,
    backend: ctx.req.backend,
    req: { method: ctx.req.method, url: ctx.req.url, headers: ctx.req.headers },
    bereq: ctx.bereq && { method: ctx.bereq.method, url: ctx.bereq.url, headers: ctx.bereq.headers },
    resp: ctx.resp && { status: ctx.resp.status, response: ctx.resp.response, headers: ctx.resp.headers },
    syntheticBody: ctx.syntheticBody,
    steps: ctx.steps,
    logs: ctx.logs,
    called: ctx.called,
    context: ctx,
  };
}

/** Compile VCL source text. Throws VclError (with every diagnostic) when it has errors. */
export function compile(source: string, options: CompileOptions = {}): Service {
  return new Service(loadSource(source, options.file ?? 'input.vcl', options), options);
}

/** Load and compile a VCL file with its includes. Throws VclError when it has errors. */
export function loadVcl(path: string, options: CompileOptions = {}): Service {
  return new Service(loadFile(path, options), options);
}
