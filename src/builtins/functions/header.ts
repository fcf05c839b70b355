// Header functions: header.*, std.collect and std.count. A header.* name may be `NAME:key`, a field of
// the header as `req.http.NAME:key` reads it. Protected headers are kept by every function that writes.
import { headersOf, text } from './args.js';
import { readSubfield, writeSubfield } from './fields.js';
import type { ArgumentFacts, FunctionSpec } from './types.js';
import { HEADER_SCOPES, type FunctionContext, type HeaderRef, type HeaderScope } from '../../values/function-context.js';
import type { Headers } from '../../values/headers.js';
import { PROTECTED_HEADERS } from '../variables.js';

/** Token characters allowed in a header name (RFC 9110), per Fastly's header.set page. */
const HEADER_NAME = /^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/;

export function isValidHeaderName(name: string | null): name is string {
  return name !== null && HEADER_NAME.test(name);
}

/** A header.* name argument: the header, and the field after a `:` if any. */
interface HeaderTarget {
  name: string;
  key: string | null;
}

/** null when the name is not set, empty or not a valid header name (Fastly: the call has no effect). */
function headerTarget(spec: string | null): HeaderTarget | null {
  if (spec === null) return null;
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  if (!HEADER_NAME.test(name)) return null;
  if (colon < 0) return { name, key: null };
  const key = spec.slice(colon + 1);
  return HEADER_NAME.test(key) ? { name, key } : null;
}

/** Fastly: "The where argument is one of the literal identifiers req, resp, obj, bereq, or beresp". */
const WHERE = { 0: HEADER_SCOPES };

const isProtected = (name: string) => PROTECTED_HEADERS.has(name.toLowerCase());

/** The headers a writing header.* call may change, with its target; undefined when it may change nothing. */
function writable(ctx: FunctionContext, where: string, spec: string | null): { headers: Headers; target: HeaderTarget } | undefined {
  const target = headerTarget(spec);
  const headers = headersOf(ctx, where);
  return target && headers && !isProtected(target.name) ? { headers, target } : undefined;
}

/** Write a header or one of its fields, as `set` does: a not-set value removes the header, a field becomes "". */
function writeTarget(headers: Headers, { name, key }: HeaderTarget, value: string | null): void {
  if (key === null) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
    return;
  }
  const next = writeSubfield(headers.get(name), key, value ?? '', name);
  if (next === null) headers.delete(name);
  else headers.set(name, next);
}

/**
 * Fastly rejects at load a header.filter* name that is empty or not a valid header name; header.filter,
 * "equivalent to header.unset for every header listed", also takes header.unset's "NAME:key".
 */
const literalHeaderNames =
  (valid: (name: string) => boolean) =>
  (args: readonly ArgumentFacts[]): { index: number; message: string } | null => {
    for (let i = 1; i < args.length; i++) {
      const name = args[i]!.literal;
      if (typeof name === 'string' && !valid(name)) return { index: i, message: `"${name}" is not a valid header name` };
    }
    return null;
  };

/** Remove a header, or one field of it, as `unset` does. */
function unsetTarget(headers: Headers, { name, key }: HeaderTarget): void {
  if (key === null) headers.delete(name);
  else writeTarget(headers, { name, key: null }, writeSubfield(headers.get(name), key, null, name));
}

export const HEADER_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'header.get',
    returns: 'STRING',
    params: ['ID', 'STRING'],
    paramNames: ['where', 'name'],
    words: WHERE,
    doc: 'Value of a header (case-insensitive name), or of its field with "NAME:key", of req, resp, obj, bereq or beresp; not set when absent or the name is invalid.',
    impl: (ctx, where: string, spec: string | null) => {
      const target = headerTarget(spec);
      const value = target ? (headersOf(ctx, where)?.get(target.name) ?? null) : null;
      return target?.key ? readSubfield(value, target.key, target.name) : value;
    },
  },
  {
    name: 'header.set',
    returns: 'VOID',
    params: ['ID', 'STRING', 'STRING'],
    paramNames: ['where', 'name', 'value'],
    words: WHERE,
    doc: 'Set a header (or its field with "NAME:key") by a computed name; a not-set value removes the header; an invalid name or a protected header: no effect.',
    impl: (ctx, where: string, spec: string | null, value: string | null) => {
      const found = writable(ctx, where, spec);
      if (found) writeTarget(found.headers, found.target, value);
      return null;
    },
  },
  {
    name: 'header.unset',
    returns: 'VOID',
    params: ['ID', 'STRING'],
    paramNames: ['where', 'name'],
    words: WHERE,
    doc: 'Remove every instance of a header (or its field with "NAME:key") by a computed name; protected headers stay.',
    impl: (ctx, where: string, spec: string | null) => {
      const found = writable(ctx, where, spec);
      if (found) unsetTarget(found.headers, found.target);
      return null;
    },
  },
  {
    name: 'header.filter',
    returns: 'VOID',
    params: ['ID'],
    rest: 'STRING',
    paramNames: ['where', 'names'],
    words: WHERE,
    doc: 'Remove the listed headers (or a field of one with "NAME:key", as header.unset does); protected headers stay.',
    checkArgs: literalHeaderNames((name) => headerTarget(name) !== null),
    impl: (ctx, where: string, ...names: (string | null)[]) => {
      const headers = headersOf(ctx, where);
      if (!headers) return null;
      const targets = names.map(headerTarget).filter((t): t is HeaderTarget => t !== null && !isProtected(t.name));
      const whole = new Set(targets.filter((t) => t.key === null).map((t) => t.name.toLowerCase()));
      if (whole.size > 0) headers.filter((n) => isProtected(n) || !whole.has(n.toLowerCase()));
      for (const target of targets) if (target.key !== null) unsetTarget(headers, target);
      return null;
    },
  },
  {
    name: 'header.filter_except',
    returns: 'VOID',
    params: ['ID'],
    rest: 'STRING',
    paramNames: ['where', 'names'],
    words: WHERE,
    doc: 'Remove every header except the listed ones and the protected ones.',
    checkArgs: literalHeaderNames(isValidHeaderName),
    impl: (ctx, where: string, ...names: (string | null)[]) => {
      const listed = lowerSet(names);
      headersOf(ctx, where)?.filter((n) => isProtected(n) || listed.has(n.toLowerCase()));
      return null;
    },
  },
  {
    name: 'std.collect',
    returns: 'VOID',
    params: ['HEADER', 'STRING'],
    paramNames: ['header', 'separator'],
    optional: 1,
    doc: 'Join repeated instances of a header into one, with the separator (default ",") plus a space.',
    impl: (ctx, header: HeaderRef, separator: string | null = ',') => {
      const headers = ctx.headers(header.scope);
      const values = headers?.getAll(header.name) ?? [];
      if (headers && values.length > 1) headers.set(header.name, values.join(`${text(separator)} `));
      return null;
    },
  },
  {
    name: 'std.count',
    returns: 'INTEGER',
    params: ['COLLECTION'],
    paramNames: ['collection'],
    doc: 'How many headers a collection holds (std.count(req.headers), the page\'s example), or how many instances of one header.',
    impl: (ctx, collection: HeaderRef | HeaderScope) =>
      typeof collection === 'string'
        ? (ctx.headers(collection)?.size ?? 0)
        : (ctx.headers(collection.scope)?.getAll(collection.name).length ?? 0),
  },
];

function lowerSet(names: (string | null)[]): Set<string> {
  return new Set(names.filter(isValidHeaderName).map((n) => n.toLowerCase()));
}
