// The whole request lifecycle without sockets: the test says what the origin answers.
// Used by the vitest-facing API and by `vcl-edge test`.
import type { EdgeRuntime } from './runtime.js';
import type { LogLine, RequestContext, StepRecord } from '../values/context.js';
import { Headers } from '../values/headers.js';
import { byteLength, fromBytes, toBytes } from '../values/bytes.js';
import { responseHeadBytes } from '../values/connection.js';
import { HttpCache } from './cache.js';
import { Lifecycle, type OriginAnswer } from './lifecycle.js';
import { reasonPhrase } from '../builtins/reason-phrases.js';
import type { CompiledProgram } from '../compile/program.js';

/** What a simulated origin answers. */
export interface OriginReply {
  status?: number;
  statusText?: string;
  headers?: Record<string, string> | [string, string][];
  body?: string;
}

/** The backend request as the origin receives it. */
export interface SimulatedBackendRequest {
  backend: string | null;
  method: string;
  url: string;
  headers: Headers;
}

export type Origin = OriginReply | ((bereq: SimulatedBackendRequest) => OriginReply | Promise<OriginReply>);

export interface SimulateOptions {
  /** The origin's answer (default: 200 with an empty body). */
  origin?: Origin;
  /** A cache shared across calls, to test HIT/MISS (default: none: every lookup misses). */
  cache?: HttpCache;
}

export interface SimulatedResponse {
  /** `upgrade` when vcl_recv handed the connection to the relay; else the path taken (lookup, pass, error). */
  state: string;
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
  cache: 'HIT' | 'MISS' | 'PASS' | null;
  backend: string | null;
  /** Every backend request the origin received. */
  backendRequests: SimulatedBackendRequest[];
  /** Every subroutine entered, in order. */
  called: string[];
  /** How each built-in subroutine ended, in order (vcl_recv's `upgrade`, `lookup`, ...). */
  steps: StepRecord[];
  /** The last `error` VCL raised (status and response vcl_error started with), if any. */
  error: { status: number; response: string | null } | null;
  logs: LogLine[];
  restarts: number;
  /** The request as VCL left it. */
  req: { method: string; url: string; headers: Headers };
  context: RequestContext;
}

function replyHeaders(h: OriginReply['headers']): Headers {
  if (!h) return new Headers();
  return new Headers(Array.isArray(h) ? h : Object.entries(h));
}

/** Run a request (its context made by the service) through the program's whole lifecycle, vcl_log included. */
export async function simulate(program: CompiledProgram, ctx: RequestContext, options: SimulateOptions = {}, runtime: EdgeRuntime | null = null): Promise<SimulatedResponse> {
  const backendRequests: SimulatedBackendRequest[] = [];
  const origin = options.origin ?? {};
  const lifecycle = new Lifecycle<string>(program, {
    cache: options.cache ?? null,
    discard: () => undefined,
    async fetch(c, backend): Promise<OriginAnswer<string>> {
      const bereq = c.bereq!;
      const seen = { backend, method: bereq.method, url: bereq.url, headers: bereq.headers.clone() };
      backendRequests.push(seen);
      const reply = typeof origin === 'function' ? await origin(seen) : origin;
      const status = reply.status ?? 200;
      return { status, statusText: reply.statusText ?? reasonPhrase(status), headers: replyHeaders(reply.headers), body: reply.body ?? '' };
    },
  }, runtime);
  const outcome = await lifecycle.handle(ctx);
  const error = [...ctx.steps].reverse().find((s) => s.error)?.error ?? null;
  const base = { backend: ctx.req.backend, backendRequests, called: ctx.called, steps: ctx.steps, error, logs: ctx.logs, restarts: ctx.req.restarts, context: ctx };
  const req = { method: ctx.req.method, url: ctx.req.url, headers: ctx.req.headers };
  if (outcome.kind === 'upgrade') {
    // The relay would now open the tunnel; vcl_log runs when the upgrade is accepted.
    lifecycle.log(ctx, 101, 'Switching Protocols');
    return { ...base, req, state: 'upgrade', status: 101, statusText: 'Switching Protocols', headers: new Headers(), body: '', cache: null };
  }
  // Bodies are VCL strings here (text, or escaped bytes where they are not UTF-8); the cache keeps bytes.
  const body = outcome.body.kind === 'synthetic' ? outcome.body.text : outcome.body.kind === 'cached' ? fromBytes(outcome.body.data) : outcome.body.kind === 'origin' ? outcome.body.body : '';
  outcome.store?.(toBytes(body));
  // As if the response went out whole now (resp.bytes_written, time.end… in vcl_log).
  const bodyBytes = byteLength(body);
  ctx.firstByteAt ??= Date.now();
  ctx.responseBytes = { header: responseHeadBytes(outcome.status, outcome.statusText, outcome.headers, bodyBytes), body: bodyBytes, completed: true, finishedAt: Date.now() };
  lifecycle.log(ctx, outcome.status, outcome.statusText, outcome.headers);
  return { ...base, req, state: outcome.state, status: outcome.status, statusText: outcome.statusText, headers: outcome.headers, body, cache: outcome.cache };
}

export { HttpCache };
