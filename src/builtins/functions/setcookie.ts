// setcookie.*: the Set-Cookie headers of a response (resp in vcl_deliver, beresp in vcl_fetch), by cookie name.
import { headersOf } from './args.js';
import type { FunctionSpec } from './types.js';
import type { FunctionContext } from '../../values/function-context.js';

export const SETCOOKIE_FUNCTIONS: FunctionSpec[] = [
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
  {
    name: 'setcookie.delete_by_name',
    returns: 'BOOL',
    params: ['ID', 'STRING'],
    paramNames: ['where', 'cookie_name'],
    doc: 'Remove every Set-Cookie header of resp or beresp that sets the named cookie; true if one was removed.',
    impl: (ctx: FunctionContext, where: string, name: string | null) => {
      const headers = headersOf(ctx, where);
      if (!headers || !name) return false;
      const lines = headers.getAll('Set-Cookie');
      const doomed = lines.map((line) => parseSetCookie(line)?.name === name);
      if (!doomed.includes(true)) return false;
      // filter() visits the headers in order, so the nth Set-Cookie seen is lines[n].
      let nth = 0;
      headers.filter((n) => n.toLowerCase() !== 'set-cookie' || !doomed[nth++]);
      return true;
    },
  },
];

/** RFC 6265 §5.2: the name-value pair is everything before the first ";"; names compare exactly. */
function parseSetCookie(line: string): { name: string; value: string } | null {
  const pair = line.split(';', 1)[0]!;
  const eq = pair.indexOf('=');
  if (eq < 0) return null;
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
}
