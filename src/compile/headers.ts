// Reading and writing header variables, including the `Header:key` subfield form
// (`req.http.Cookie:session` reads `session` from a `;`/`,`-separated header value; builtins/functions/fields.ts
// reads and writes the fields, as header.get/set/unset do with `NAME:key`).
import type { RequestContext } from '../values/context.js';
import type { CompileEnv } from './env.js';
import type { HeaderVariable } from '../builtins/variables.js';
import { readSubfield, writeSubfield } from '../builtins/functions/fields.js';

/** The program's reader of a header: every `req.http.X` of a program shares one. */
export function headerReader(env: CompileEnv, header: HeaderVariable): (ctx: RequestContext) => string | null {
  let read = env.headerReads.get(header);
  if (read === undefined) env.headerReads.set(header, (read = readHeader(header)));
  return read;
}

/** The program's test of whether a header is set (`negate`: is not set), one per header. */
export function headerTest(env: CompileEnv, header: HeaderVariable, negate: boolean): (ctx: RequestContext) => boolean {
  const tests = negate ? env.headerIsNotSet : env.headerIsSet;
  let test = tests.get(header);
  if (test === undefined) tests.set(header, (test = headerIsSet(header, negate)));
  return test;
}

/** `if (req.http.X)`: whether the header is set (`negate`: whether it is not), without reading it as a value. */
export function headerIsSet(h: HeaderVariable, negate: boolean): (ctx: RequestContext) => boolean {
  if (h.subfield !== null || h.family.scope !== 'req') return readIsSet(readHeader(h), negate);
  const lower = h.header.toLowerCase();
  return negate ? (ctx) => ctx.req.headers.getLower(lower) === null : (ctx) => ctx.req.headers.getLower(lower) !== null;
}

function readIsSet(read: (ctx: RequestContext) => string | null, negate: boolean): (ctx: RequestContext) => boolean {
  return negate ? (ctx) => read(ctx) === null : (ctx) => read(ctx) !== null;
}

export function readHeader(h: HeaderVariable): (ctx: RequestContext) => string | null {
  const { scope } = h.family;
  const name = h.header;
  const key = h.subfield;
  const lower = name.toLowerCase();
  if (key !== null) return (ctx) => readSubfield(ctx.headers(scope)?.getLower(lower) ?? null, key, name);
  if (scope === 'req') return (ctx) => ctx.req.headers.getLower(lower);
  return (ctx) => ctx.headers(scope)?.getLower(lower) ?? null;
}

/**
 * A header's lower-case name, made once per header and program: a program sets the same few headers in
 * thousands of statements, and each closure would otherwise keep a copy of its own.
 */
function lowerName(env: CompileEnv, h: HeaderVariable): string {
  let lower = env.headerLower.get(h);
  if (lower === undefined) env.headerLower.set(h, (lower = h.header.toLowerCase()));
  return lower;
}

/** `set h = value;` as one closure (assigning not set removes the header, see writeHeader). */
export function assignHeader(env: CompileEnv, h: HeaderVariable, value: (ctx: RequestContext) => string | null): (ctx: RequestContext) => undefined {
  const { scope } = h.family;
  const name = h.header;
  const lower = lowerName(env, h);
  if (h.subfield !== null) return assignThrough(writeHeader(h), value);
  if (scope === 'req') {
    return (ctx) => {
      const v = value(ctx);
      if (v === null) ctx.req.headers.deleteLower(lower);
      else ctx.req.headers.setLower(name, lower, v);
      return undefined;
    };
  }
  return (ctx) => {
    const v = value(ctx);
    const headers = ctx.headers(scope);
    if (headers === undefined) return undefined;
    if (v === null) headers.deleteLower(lower);
    else headers.setLower(name, lower, v);
    return undefined;
  };
}

function assignThrough(write: (ctx: RequestContext, value: string | null) => void, value: (ctx: RequestContext) => string | null): (ctx: RequestContext) => undefined {
  return (ctx) => {
    write(ctx, value(ctx));
    return undefined;
  };
}

/** Assigning not set to a header removes it (Fastly); a subfield set to not set becomes "". */
export function writeHeader(h: HeaderVariable): (ctx: RequestContext, value: string | null) => void {
  const { scope } = h.family;
  const name = h.header;
  const key = h.subfield;
  if (key !== null) {
    return (ctx, value) => {
      const headers = ctx.headers(scope);
      if (!headers) return;
      const next = writeSubfield(headers.get(name), key, value ?? '', name);
      if (next === null) headers.delete(name);
      else headers.set(name, next);
    };
  }
  return (ctx, value) => {
    const headers = ctx.headers(scope);
    if (!headers) return;
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  };
}

/** The program's `unset h;`: one closure per header, shared by every unset of it. */
export function headerUnset(env: CompileEnv, header: HeaderVariable): (ctx: RequestContext) => undefined {
  let unset = env.headerUnsets.get(header);
  if (unset === undefined) env.headerUnsets.set(header, (unset = unsetHeader(header)));
  return unset;
}

/** `unset h;` (a statement: it ends in undefined, as a statement that goes on does). */
function unsetHeader(h: HeaderVariable): (ctx: RequestContext) => undefined {
  const { scope } = h.family;
  const name = h.header;
  if (name.endsWith('*')) {
    const prefix = name.slice(0, -1);
    return (ctx) => {
      ctx.headers(scope)?.deletePrefix(prefix);
      return undefined;
    };
  }
  if (h.subfield !== null) {
    const key = h.subfield;
    return (ctx) => {
      const headers = ctx.headers(scope);
      if (!headers) return undefined;
      const next = writeSubfield(headers.get(name), key, null, name);
      if (next === null) headers.delete(name);
      else headers.set(name, next);
      return undefined;
    };
  }
  const lower = name.toLowerCase();
  if (scope === 'req') {
    return (ctx) => {
      ctx.req.headers.deleteLower(lower);
      return undefined;
    };
  }
  return (ctx) => {
    ctx.headers(scope)?.deleteLower(lower);
    return undefined;
  };
}
