// Header functions: header.*, std.collect, std.count and setcookie.get_value_by_name.
import { headersOf, text } from './args.js';
import type { FunctionSpec } from './types.js';
import type { FunctionContext, HeaderRef } from '../../values/function-context.js';

/** Token characters allowed in a header name (RFC 9110), per Fastly's header.set page. */
const HEADER_NAME = /^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/;

export function isValidHeaderName(name: string | null): name is string {
  return name !== null && HEADER_NAME.test(name);
}

export const HEADER_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'header.get',
    returns: 'STRING',
    params: ['ID', 'STRING'],
    paramNames: ['where', 'name'],
    doc: 'Value of a header (case-insensitive name) of req, resp, obj, bereq or beresp; not set when absent.',
    impl: (ctx, where: string, name: string | null) =>
      isValidHeaderName(name) ? (headersOf(ctx, where)?.get(name) ?? null) : null,
  },
  {
    name: 'header.set',
    returns: 'VOID',
    params: ['ID', 'STRING', 'STRING'],
    paramNames: ['where', 'name', 'value'],
    doc: 'Set a header by a computed name; an invalid name does nothing, a not-set value removes it.',
    impl: (ctx, where: string, name: string | null, value: string | null) => {
      const headers = headersOf(ctx, where);
      if (!headers || !isValidHeaderName(name)) return null;
      if (value === null) headers.delete(name);
      else headers.set(name, value);
      return null;
    },
  },
  {
    name: 'header.unset',
    returns: 'VOID',
    params: ['ID', 'STRING'],
    paramNames: ['where', 'name'],
    doc: 'Remove every instance of a header by a computed name.',
    impl: (ctx, where: string, name: string | null) => {
      if (isValidHeaderName(name)) headersOf(ctx, where)?.delete(name);
      return null;
    },
  },
  {
    name: 'header.filter',
    returns: 'VOID',
    params: ['ID'],
    rest: 'STRING',
    paramNames: ['where', 'names'],
    doc: 'Remove the listed headers.',
    impl: (ctx, where: string, ...names: (string | null)[]) => {
      const listed = lowerSet(names);
      headersOf(ctx, where)?.filter((n) => !listed.has(n.toLowerCase()));
      return null;
    },
  },
  {
    name: 'header.filter_except',
    returns: 'VOID',
    params: ['ID'],
    rest: 'STRING',
    paramNames: ['where', 'names'],
    doc: 'Remove every header except the listed ones.',
    impl: (ctx, where: string, ...names: (string | null)[]) => {
      const listed = lowerSet(names);
      headersOf(ctx, where)?.filter((n) => listed.has(n.toLowerCase()));
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
    params: ['HEADER'],
    paramNames: ['header'],
    doc: 'How many instances of the header there are.',
    impl: (ctx, header: HeaderRef) => ctx.headers(header.scope)?.getAll(header.name).length ?? 0,
  },
  {
    name: 'setcookie.get_value_by_name',
    returns: 'STRING',
    params: ['ID', 'STRING'],
    paramNames: ['where', 'cookie_name'],
    doc: 'Value of a cookie in the Set-Cookie headers of resp or beresp (the last one wins); not set when absent.',
    impl: (ctx: FunctionContext, where: string, name: string | null) => {
      const headers = headersOf(ctx, where);
      if (!headers || !name) return null;
      let found: string | null = null;
      for (const line of headers.getAll('Set-Cookie')) {
        const cookie = parseSetCookie(line);
        if (cookie?.name === name) found = cookie.value;
      }
      return found;
    },
  },
];

function lowerSet(names: (string | null)[]): Set<string> {
  return new Set(names.map((n) => text(n).toLowerCase()));
}

/** RFC 6265 §5.2: the name-value pair is everything before the first ";". */
function parseSetCookie(line: string): { name: string; value: string } | null {
  const pair = line.split(';', 1)[0]!;
  const eq = pair.indexOf('=');
  if (eq < 0) return null;
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
}
