// What one predefined variable is: its name, type, the subroutines it may be read and written in,
// how it reads and writes at run time, and what it reads as on a developer's machine.
// The builders keep each entry of the family files to a line or two.
import type { TypeName } from '../../ast/ast.js';
import { PIPE_SCOPE, SCOPES, type RequestContext, type Scope } from '../../values/context.js';
import type { Value } from '../../values/values.js';

export interface VariableSpec {
  name: string;
  /** The type when read (and when set: Fastly's variables read and set as one type). */
  type: TypeName;
  /** Where it may be read; [] = write-only (beresp.saintmode). */
  read: readonly Scope[];
  /** Where it may be set; [] = read-only. */
  write: readonly Scope[];
  doc: string;
  /** What it reads as locally, where that differs from the edge (the docs print it after `doc`). */
  local?: string;
  /** Fastly marks it deprecated: what to use instead (lint's deprecated-variable rule names it). */
  deprecated?: string;
  /** vcl-edge's own variable, not one Fastly documents. */
  extension?: boolean;
  /** An environment fact a run may override (see `env`). */
  overridable?: boolean;
  get(ctx: RequestContext): Value;
  set?(ctx: RequestContext, v: Value): void;
  /** Present when `unset` is allowed on it (Fastly allows it on headers and fastly.error). */
  unset?(ctx: RequestContext): void;
}

export type Getter = (ctx: RequestContext) => Value;
export type Setter = (ctx: RequestContext, v: Value) => void;

const KNOWN: ReadonlySet<string> = new Set<string>([...SCOPES, PIPE_SCOPE]);

/**
 * Subroutines written as Fastly's table writes them (`'pass,miss,fetch,pipe'`), or `'all'` (the nine
 * of SCOPES: vcl_pipe is only where a variable lists it). A name that is no subroutine is a mistake in
 * the table: it throws when the module loads.
 */
export function at(list: string): readonly Scope[] {
  if (list === 'all') return SCOPES;
  return list.split(',').map((name) => {
    if (!KNOWN.has(name)) throw new Error(`internal: "${name}" is not a subroutine`);
    return name as Scope;
  });
}

export const ALL: readonly Scope[] = SCOPES;
export const NONE: readonly Scope[] = [];

/** The subroutines in which bereq, obj and resp exist (and so may be read). */
export const OBJECT_SCOPES = {
  bereq: ['miss', 'pass', 'fetch'],
  obj: ['hit', 'error', 'deliver'],
  resp: ['deliver', 'log'],
} as const satisfies Record<string, readonly Scope[]>;

type Extra = Pick<VariableSpec, 'local' | 'deprecated' | 'extension' | 'unset'>;

/** A read-only variable. */
export function ro(name: string, type: TypeName, read: readonly Scope[], doc: string, get: Getter, extra?: Extra): VariableSpec {
  return { name, type, read, write: NONE, doc, get, ...extra };
}

/** A variable set in the same subroutines it is read in (how Fastly's table states them). */
export function rw(name: string, type: TypeName, scopes: readonly Scope[], doc: string, get: Getter, set: Setter, extra?: Extra): VariableSpec {
  return { name, type, read: scopes, write: scopes, doc, get, set, ...extra };
}

/** Text of a value assigned to a STRING variable ("" for not set, where the variable keeps text). */
export const str = (v: Value): string => (v === null ? '' : String(v));

/**
 * A variable whose value comes from the environment (geo, POP, TLS fingerprint…): `fallback` unless the
 * run overrides it (Service/RequestInit `overrides`, `serve --override`, testing.inject_variable).
 */
export function env(name: string, type: TypeName, read: readonly Scope[], doc: string, fallback: Getter | Value, extra?: Extra): VariableSpec {
  const key = name.toLowerCase();
  const dflt: Getter = typeof fallback === 'function' ? fallback : () => fallback;
  const get: Getter = (ctx) => {
    const overrides = ctx.overrides;
    if (overrides !== null) {
      const v = overrides.get(key);
      if (v !== undefined) return v;
    }
    return dflt(ctx);
  };
  return { name, type, read, write: NONE, doc, get, overridable: true, ...extra };
}

/**
 * A setting VCL may write that has no effect locally (beresp.gzip, client.socket.pace…): it reads back
 * what was set, else what the run overrides it to, else `fallback`. `local` says why it does nothing here.
 */
export function inert(name: string, type: TypeName, scopes: readonly Scope[], doc: string, fallback: Value, local: string, extra?: Extra): VariableSpec {
  const key = name.toLowerCase();
  const unsetValue = env(name, type, scopes, doc, fallback).get;
  const get: Getter = (c) => {
    const set = c.inertSettings?.get(key);
    return set !== undefined ? set : unsetValue(c);
  };
  const put: Setter = (c, v) => (c.inertSettings ??= new Map()).set(key, v);
  return { ...rw(name, type, scopes, doc, get, put, { local, ...extra }), overridable: true };
}
