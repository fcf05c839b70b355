// falco's testing.* functions: drive the VCL under test (call a subroutine, mock one, fix the clock,
// inject values, edit tables, mark backends unhealthy, fix the request rate) and read what is normally
// out of scope.
import type { Range } from '../ast/ast.js';
import type { Signal } from '../compile/signals.js';
import type { SubOutcome } from '../compile/program.js';
import type { FunctionSpec } from '../builtins/functions/types.js';
import type { TypedValue, VclTable } from '../values/function-context.js';
import { scopeOfSub } from '../builtins/subroutines.js';
import { Headers } from '../values/headers.js';
import { reasonPhrase } from '../builtins/reason-phrases.js';
import { toVclString } from '../values/values.js';
import { TestingError } from './errors.js';
import { readAnyVariable } from './inspect.js';
import { resolveVariable } from '../builtins/variables.js';
import type { Harness, Session } from './session.js';
import { spec } from './function-entry.js';
import { intToNumber, type Int } from '../values/int64.js';

/** Record how a subroutine ended, as falco's testing.state and obj.status see it. */
export function recordOutcome(session: Session, outcome: SubOutcome): void {
  if (outcome.kind === 'state') session.state = outcome.state;
  else if (outcome.kind === 'restart') session.state = 'restart';
  else {
    session.state = 'error';
    session.error = { status: outcome.status, response: outcome.response };
    // The object vcl_error would start with, so obj.status / testing.inspect("obj.status") read it.
    const response = outcome.response ?? reasonPhrase(outcome.status);
    session.ctx.obj = { status: outcome.status, response, proto: 'HTTP/1.1', headers: new Headers(), ttl: 0, grace: 0, hits: 0, lastUse: 0, entered: 0, cacheable: false };
  }
}

export function outcomeOfSignal(signal: Signal | undefined): SubOutcome {
  if (signal?.kind === 'error') return { kind: 'error', status: signal.status, response: signal.response };
  if (signal?.kind === 'restart') return { kind: 'restart' };
  const state = signal?.kind === 'return' && signal.state ? signal.state : '';
  return { kind: 'state', state, explicit: state !== '' };
}

/** `2023-09-08 16:59:00` (UTC), an epoch-seconds INTEGER, or a TIME. */
function fixedTime(site: Range, t: TypedValue, name: string): number {
  if (t.type === 'INTEGER') return intToNumber(t.value as Int) * 1000;
  if (t.type === 'TIME') return t.value as number;
  const m = name === 'testing.fixed_time' && t.type === 'STRING' && typeof t.value === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(t.value) : null;
  const accepted = name === 'testing.fixed_time' ? 'an INTEGER, a TIME or "YYYY-mm-dd HH:MM:SS"' : 'an INTEGER or a TIME';
  if (!m) throw new TestingError(site, name, `${name} takes ${accepted}, got ${t.type} ${String(t.value)}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function fixTime(name: string, doc: string): FunctionSpec {
  return spec(name, 'VOID', ['ANY'], 0, doc, (ctx, site, t: TypedValue) => {
    const ms = fixedTime(site, t, name);
    ctx.clock = () => ms;
    return null;
  });
}

function backendHealth(harness: Harness, name: string): FunctionSpec {
  return spec(name, 'VOID', ['BACKEND', 'BOOL'], 0, 'Mark a backend healthy or not (req.backend.healthy).', (_ctx, _site, backend: string, healthy: boolean) => {
    harness.session.health.set(backend, healthy);
    harness.service.runtime.health.set(backend, healthy); // directors and backend.NAME.healthy read it
    return null;
  });
}

function fixedAccessRate(harness: Harness, name: string): FunctionSpec {
  const doc = 'Make every ratecounter read this many requests per second for the rest of the test (falco): ratelimit.check_rate finds it over a limit it reaches.';
  return spec(name, 'VOID', ['FLOAT'], 0, doc, (_ctx, site, rate: number) => {
    if (!Number.isFinite(rate) || rate < 0) throw new TestingError(site, name, `the rate is a number of requests per second from 0, got ${rate}`);
    harness.service.runtime.fixedAccessRate = rate;
    return null;
  });
}

export function testingFunctions(harness: Harness): FunctionSpec[] {
  return [
    spec('testing.call_subroutine', 'STRING', ['STRING'], 0, 'Run a subroutine of the VCL under test; testing.state then says how it ended.', (ctx, site, name: string | null) => {
      const { program, session } = harness;
      const sub = name ?? '';
      const scope = scopeOfSub(sub);
      if (!scope && !program.hasSub(sub)) throw new TestingError(site, 'testing.call_subroutine', `subroutine "${sub}" is not declared`);
      const saved = ctx.scope;
      try {
        recordOutcome(session, scope ? program.runBuiltin(scope, ctx) : outcomeOfSignal(program.runSub(sub, ctx)));
      } finally {
        ctx.scope = saved;
      }
      return session.state;
    }),
    spec('testing.override_host', 'VOID', ['STRING'], 0, 'Use this Host header for the request under test.', (ctx, _site, host: string | null) => {
      ctx.req.headers.set('Host', host ?? '');
      return null;
    }),
    fixTime('testing.fixed_time', 'Fix `now` for the rest of the test: epoch seconds, a TIME or "YYYY-mm-dd HH:MM:SS" (UTC).'),
    fixTime('testing.fixed_time_unix', 'Fix `now` for the rest of the test: epoch seconds or a TIME (falco).'),
    spec('testing.inject_variable', 'VOID', ['STRING', 'ANY'], 0, 'Make a predefined variable read as this value for the rest of the test.', (_ctx, site, name: string | null, t: TypedValue) => {
      const target = resolveVariable(name ?? '');
      if (!target || target.kind !== 'predefined') throw new TestingError(site, 'testing.inject_variable', `"${name}" is not a predefined variable`);
      // An INTEGER literal serves a FLOAT variable (`testing.inject_variable("client.geo.latitude", 37)`).
      const widened = target.spec.type === 'FLOAT' && t.type === 'INTEGER';
      if (target.spec.type !== t.type && !widened && !(target.spec.type === 'STRING' && t.value === null)) {
        throw new TestingError(site, 'testing.inject_variable', `${target.spec.name} is ${target.spec.type}, cannot inject ${t.type}`);
      }
      harness.session.injected.set(target.spec.name.toLowerCase(), widened ? intToNumber(t.value as Int) : t.value);
      return null;
    }),
    spec('testing.inspect', 'STRING', ['STRING'], 0, 'Read any variable, whatever the current scope.', (ctx, site, name: string | null) => {
      const value = readAnyVariable(harness.session, ctx, name ?? '');
      if (value === undefined) throw new TestingError(site, 'testing.inspect', `unknown variable "${name}"`);
      return value.type === 'STRING' ? value.value : value.value === null ? null : String(value.value);
    }),
    spec('testing.table_set', 'VOID', ['TABLE', 'STRING', 'ANY'], 0, "Set a key of a main VCL table for this test.", (_ctx, site, table: VclTable, key: string | null, t: TypedValue) => {
      if (table.valueType === 'STRING') table.entries.set(key ?? '', toVclString(t.type, t.value));
      else if (t.type === table.valueType) table.entries.set(key ?? '', t.value);
      else throw new TestingError(site, 'testing.table_set', `table ${table.name} holds ${table.valueType}, got ${t.type}`);
      return null;
    }),
    spec('testing.table_merge', 'VOID', ['TABLE', 'TABLE'], 0, 'Copy every entry of a test table into a main VCL table for this test.', (_ctx, site, base: VclTable, extra: VclTable) => {
      if (base.valueType !== extra.valueType) throw new TestingError(site, 'testing.table_merge', `table ${base.name} holds ${base.valueType}, ${extra.name} holds ${extra.valueType}`);
      for (const [k, v] of extra.entries) base.entries.set(k, v);
      return null;
    }),
    spec('testing.mock', 'VOID', ['STRING', 'STRING'], 0, 'Run the second subroutine wherever the first is called.', (_ctx, site, from: string | null, to: string | null) => {
      const { program } = harness;
      if (scopeOfSub(from ?? '')) throw new TestingError(site, 'testing.mock', `cannot mock the Fastly subroutine ${from}`);
      if (!program.hasSub(from ?? '')) throw new TestingError(site, 'testing.mock', `subroutine "${from}" is not declared`);
      if (!program.hasSub(to ?? '')) throw new TestingError(site, 'testing.mock', `mock subroutine "${to}" is not declared`);
      // A functional sub is replaced only by one returning the same type, a plain one by a plain one (falco).
      const [fromType, toType] = [harness.subReturnTypes.get(from!) ?? null, harness.subReturnTypes.get(to!) ?? null];
      if (fromType !== toType) throw new TestingError(site, 'testing.mock', `cannot mock ${from} (${fromType ?? 'no return value'}) with ${to} (${toType ?? 'no return value'})`);
      program.substitutes.set(from!, to!);
      return null;
    }),
    spec('testing.restore_mock', 'VOID', ['STRING'], 0, 'Undo testing.mock for one subroutine.', (_ctx, _site, from: string | null) => {
      harness.program.substitutes.delete(from ?? '');
      return null;
    }),
    spec('testing.restore_all_mocks', 'VOID', [], 0, 'Undo every testing.mock.', () => {
      harness.program.substitutes.clear();
      return null;
    }),
    backendHealth(harness, 'testing.set_backend_health'),
    // falco's other name for it (examples/testing/backend_failover).
    backendHealth(harness, 'testing.mock_backend_health'),
    spec('testing.get_log', 'STRING', ['STRING', 'INTEGER'], 0, 'The n-th (from 0) line `log` wrote in a scope (RECV, FETCH, ...) during the test; not set when there is none.', (ctx, _site, scope: string | null, n: Int) => {
      const wanted = (scope ?? '').toLowerCase();
      const index = intToNumber(n);
      const line = ctx.logs.filter((l) => l.scope === wanted)[index];
      return line ? line.message : null;
    }),
    fixedAccessRate(harness, 'testing.fixed_access_rate'),
    // The name falco's examples/testing/rate_limiting uses for the same function.
    fixedAccessRate(harness, 'testing.set_access_rate'),
    spec('testing.get_env', 'STRING', ['STRING'], 0, 'An environment variable of the machine running the tests (not set when absent).', (_ctx, _site, name: string | null) => {
      return process.env[name ?? ''] ?? null;
    }),
  ];
}
