// Reading and writing header variables, including the `Header:key` subfield form
// (`req.http.Cookie:session` reads `session` from a `;`/`,`-separated header value).
import type { RequestContext } from '../values/context.js';
import type { HeaderVariable } from '../builtins/variables.js';

/** The value of `key` in a `a=1; b=2` or `a=1, b=2` list: null when absent, "" for a bare key. */
export function readSubfield(value: string | null, key: string): string | null {
  if (value === null) return null;
  for (const raw of value.split(/[;,]/)) {
    const item = raw.trim();
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq).trim();
    if (name === key) return eq < 0 ? '' : item.slice(eq + 1).trim();
  }
  return null;
}

/** Set (or, with null, remove) `key` in a subfield list, keeping the other items. */
export function writeSubfield(value: string | null, key: string, field: string | null): string | null {
  const sep = value !== null && value.includes(';') ? '; ' : ', ';
  const items = value === null || value === '' ? [] : value.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
  const kept = items.filter((item) => (item.includes('=') ? item.slice(0, item.indexOf('=')).trim() : item) !== key);
  if (field !== null) kept.push(field === '' ? key : `${key}=${field}`);
  return kept.length ? kept.join(sep) : null;
}

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
