// Overriding environment variables for a run: `serve --override NAME=VALUE`, the `overrides` option of
// compile()/loadVcl() and of a request (RequestInit). Only variables whose value comes from the
// environment can be overridden (geo, POP, device, TLS fingerprints, WAF…); the checks here turn a
// misspelt name or a value of the wrong type into a clear error before anything runs.
import type { TypeName } from '../../ast/ast.js';
import type { Value } from '../../values/values.js';
import { parseIntegerLiteral } from '../../values/int64.js';
import { VARIABLES, resolveVariable } from './index.js';

/** The names a run may override, for messages. */
export function overridableNames(): string[] {
  return VARIABLES.filter((v) => v.overridable).map((v) => v.name);
}

function expectedValue(type: TypeName): string {
  switch (type) {
    case 'BOOL':
      return 'true or false';
    case 'INTEGER':
      return 'an integer';
    case 'FLOAT':
      return 'a number';
    case 'RTIME':
      return 'a duration in ms';
    case 'TIME':
      return 'a time in ms since the epoch';
    default:
      return 'a string';
  }
}

function fits(type: TypeName, v: Value): boolean {
  switch (type) {
    case 'BOOL':
      return typeof v === 'boolean';
    case 'INTEGER':
      return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'bigint' && v === BigInt.asIntN(64, v));
    case 'FLOAT':
    case 'RTIME':
    case 'TIME':
      return typeof v === 'number';
    default:
      return typeof v === 'string' || v === null;
  }
}

/** The overridable variable of that name, or an Error saying why it cannot be overridden. */
function target(name: string): { name: string; type: TypeName } {
  const r = resolveVariable(name);
  if (r?.kind !== 'predefined' || r.declared) throw new Error(`override: "${name}" is not a predefined variable`);
  if (!r.spec.overridable) {
    throw new Error(`override: ${r.spec.name} is not an environment variable (it reads a local fact); overridable are e.g. client.geo.*, server.datacenter, tls.client.ja3_md5`);
  }
  return { name: r.spec.name, type: r.spec.type };
}

/** Check overrides given as values: a Map by lower-case name, for RequestContext.overrides. */
export function checkOverrides(overrides: Readonly<Record<string, Value>>): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [name, value] of Object.entries(overrides)) {
    const t = target(name);
    if (!fits(t.type, value)) throw new Error(`override: ${t.name} is ${t.type}: give ${expectedValue(t.type)}, got ${typeof value === 'bigint' ? value : JSON.stringify(value)}`);
    out.set(t.name.toLowerCase(), value);
  }
  return out;
}

/** `NAME=VALUE` as the command line gives it: the value read as the variable's type. */
export function parseOverride(text: string): [string, Value] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`override: "${text}" is not NAME=VALUE`);
  const t = target(text.slice(0, eq).trim());
  const raw = text.slice(eq + 1);
  const value = valueFromText(t.type, raw);
  if (value === undefined) throw new Error(`override: ${t.name} is ${t.type}: give ${expectedValue(t.type)}, got "${raw}"`);
  return [t.name, value];
}

/** A value given as text (a command line's, a config file's) read as `type`; undefined when it is none. */
export function valueFromText(type: TypeName, raw: string): Value | undefined {
  switch (type) {
    case 'BOOL':
      return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : undefined;
    case 'INTEGER': // int64, exact past 2^53
      return (/^[+-]?\d+$/.test(raw) ? parseIntegerLiteral(raw.replace(/^\+/, '')) : null) ?? undefined;
    case 'FLOAT':
    case 'RTIME':
    case 'TIME': {
      const n = Number(raw);
      return raw.trim() === '' || !Number.isFinite(n) ? undefined : n;
    }
    default:
      return raw;
  }
}
