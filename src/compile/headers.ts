// Reading and writing header variables, including the `Header:key` subfield form
// (`req.http.Cookie:session` reads `session` from a `;`/`,`-separated header value; builtins/functions/fields.ts
// reads and writes the fields, as header.get/set/unset do with `NAME:key`).
import type { RequestContext } from '../values/context.js';
import type { HeaderVariable } from '../builtins/variables.js';
import { readSubfield, writeSubfield } from '../builtins/functions/fields.js';

export function readHeader(h: HeaderVariable): (ctx: RequestContext) => string | null {
  const { scope } = h.family;
  const name = h.header;
  const key = h.subfield;
  const lower = name.toLowerCase();
  if (key !== null) return (ctx) => readSubfield(ctx.headers(scope)?.getLower(lower) ?? null, key);
  if (scope === 'req') return (ctx) => ctx.req.headers.getLower(lower);
  return (ctx) => ctx.headers(scope)?.getLower(lower) ?? null;
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
      const next = writeSubfield(headers.get(name), key, value ?? '');
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

export function unsetHeader(h: HeaderVariable): (ctx: RequestContext) => void {
  const { scope } = h.family;
  const name = h.header;
  if (name.endsWith('*')) {
    const prefix = name.slice(0, -1);
    return (ctx) => ctx.headers(scope)?.deletePrefix(prefix);
  }
  if (h.subfield !== null) {
    const key = h.subfield;
    return (ctx) => {
      const headers = ctx.headers(scope);
      if (!headers) return;
      const next = writeSubfield(headers.get(name), key, null);
      if (next === null) headers.delete(name);
      else headers.set(name, next);
    };
  }
  return (ctx) => ctx.headers(scope)?.delete(name);
}
