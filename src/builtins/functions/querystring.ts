// querystring.*: read, write, filter and sort URL query parameters.
import type { CompiledRegex } from '../../values/regex.js';
import { text } from './args.js';
import { urlencode } from './escape.js';
import { compileGlob, type GlobMatcher } from './query-glob.js';
import { joinUrl, splitUrl, type QueryParam } from './query-params.js';
import type { FunctionSpec } from './types.js';

/**
 * The separator querystring.filter splits its name list on. Fastly does not document the value;
 * like falco we use the single byte 0xFF, which cannot occur in a (UTF-8) parameter name. As a
 * byte that is no UTF-8, it is held as U+DCFF (the byte-string convention in values/bytes.ts).
 */
export const FILTER_SEPARATOR = '\udcff';

/** Fastly leaves more parameters than this unsorted. */
const MAX_SORTED_PARAMS = 32;

export const QUERYSTRING_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'querystring.get',
    returns: 'STRING',
    params: ['STRING', 'STRING'],
    paramNames: ['url', 'name'],
    doc: 'Raw value of the first parameter called name (URL-encoded before the search); "" for `name=`, not set when absent (`?name` without "=" holds no value).',
    local: 'Fastly does not say how a name that is already percent-encoded is treated; as falco does, it is decoded before it is encoded (not set when it cannot be).',
    impl: (_ctx, url: string | null, name: string | null) => {
      const key = url && name ? searchKey(name) : null;
      return key === null ? null : queryValue(url!, key);
    },
  },
  {
    name: 'querystring.set',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['url', 'name', 'value'],
    doc: 'Set a parameter (URL-encoded), replacing the first and dropping duplicates, else append it.',
    impl: (_ctx, url: string | null, name: string | null, value: string | null) => {
      const { path, params } = splitUrl(text(url));
      const param = { name: urlencode(text(name)), value: urlencode(text(value)) };
      const list = params ?? [];
      const same = (p: QueryParam) => p.name === param.name || p.name === name;
      const first = list.findIndex(same);
      if (first < 0) return joinUrl(path, [...list, param]);
      return joinUrl(path, list.flatMap((p, i) => (i === first ? [param] : same(p) ? [] : [p])));
    },
  },
  {
    name: 'querystring.add',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['url', 'name', 'value'],
    doc: 'Append a parameter (URL-encoded), keeping any existing ones of that name.',
    impl: (_ctx, url: string | null, name: string | null, value: string | null) => {
      const { path, params } = splitUrl(text(url));
      return joinUrl(path, [...(params ?? []), { name: urlencode(text(name)), value: urlencode(text(value)) }]);
    },
  },
  {
    name: 'querystring.remove',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['url'],
    doc: 'The URL without its query string.',
    impl: (_ctx, url: string | null) => splitUrl(text(url)).path,
  },
  {
    name: 'querystring.clean',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['url'],
    doc: 'Drop empty parameters (empty names, stray & and a trailing ?).',
    impl: (_ctx, url: string | null) => keepParams(text(url), () => true),
  },
  {
    name: 'querystring.sort',
    returns: 'STRING',
    params: ['STRING', 'BOOL'],
    paramNames: ['url', 'only_unique_keys'],
    optional: 1,
    doc: 'Sort parameters by name (byte order, stable); with true keep only the first of each name.',
    impl: (_ctx, url: string | null, uniqueOnly = false) => sortQuery(text(url), uniqueOnly),
  },
  {
    name: 'boltsort.sort',
    returns: 'STRING',
    params: ['STRING', 'BOOL'],
    paramNames: ['url', 'only_unique_keys'],
    optional: 1,
    doc: 'Deprecated alias of querystring.sort.',
    impl: (_ctx, url: string | null, uniqueOnly = false) => sortQuery(text(url), uniqueOnly),
  },
  {
    name: 'querystring.filtersep',
    returns: 'STRING',
    params: [],
    paramNames: [],
    doc: 'The separator for the name lists of querystring.filter and filter_except.',
    pure: true,
    impl: () => FILTER_SEPARATOR,
  },
  {
    name: 'querystring.filter',
    returns: 'STRING',
    params: ['STRING', 'STRING'],
    paramNames: ['url', 'names'],
    doc: 'Remove the listed parameters (names joined with querystring.filtersep()).',
    impl: (_ctx, url: string | null, names: string | null) => {
      const listed = nameList(names);
      return keepParams(text(url), (name) => !listed.has(name));
    },
  },
  {
    name: 'querystring.filter_except',
    returns: 'STRING',
    params: ['STRING', 'STRING'],
    paramNames: ['url', 'names'],
    doc: 'Keep only the listed parameters (names joined with querystring.filtersep()).',
    impl: (_ctx, url: string | null, names: string | null) => {
      const listed = nameList(names);
      return keepParams(text(url), (name) => listed.has(name));
    },
  },
  {
    name: 'querystring.globfilter',
    returns: 'STRING',
    params: ['STRING', 'STRING'],
    paramNames: ['url', 'glob'],
    doc: 'Remove parameters whose name matches the glob (e.g. "utm_*").',
    impl: (_ctx, url: string | null, glob: string | null) => {
      const matches = globMatcher(glob);
      return keepParams(text(url), (name) => !matches(name));
    },
  },
  {
    name: 'querystring.globfilter_except',
    returns: 'STRING',
    params: ['STRING', 'STRING'],
    paramNames: ['url', 'glob'],
    doc: 'Keep only parameters whose name matches the glob.',
    impl: (_ctx, url: string | null, glob: string | null) => keepParams(text(url), globMatcher(glob)),
  },
  {
    name: 'querystring.regfilter',
    returns: 'STRING',
    params: ['STRING', 'REGEX'],
    paramNames: ['url', 'pattern'],
    doc: 'Remove parameters whose name matches the regex.',
    impl: (ctx, url: string | null, re: CompiledRegex) => keepParams(text(url), (name) => !re.test(name, ctx)),
  },
  {
    name: 'querystring.regfilter_except',
    returns: 'STRING',
    params: ['STRING', 'REGEX'],
    paramNames: ['url', 'pattern'],
    doc: 'Keep only parameters whose name matches the regex.',
    impl: (ctx, url: string | null, re: CompiledRegex) => keepParams(text(url), (name) => re.test(name, ctx)),
  },
];

// Name lists are almost always constants in the VCL: remember the last one instead of re-splitting it.
// A listed name matches a parameter written as the name or URL-encoded (`a b` removes `a%20b`).
let lastNames: string | null = null;
let lastSet = new Set<string>();
function nameList(names: string | null): Set<string> {
  if (names !== lastNames) {
    const listed = text(names).split(FILTER_SEPARATOR);
    lastSet = new Set([...listed, ...listed.map(urlencode)]);
    lastNames = names;
  }
  return lastSet;
}

// Globs too are almost always constants: the last one's matcher is kept.
let lastGlob: string | null = null;
let lastMatcher: GlobMatcher = compileGlob('');
function globMatcher(glob: string | null): GlobMatcher {
  if (glob !== lastGlob) {
    lastMatcher = compileGlob(text(glob));
    lastGlob = glob;
  }
  return lastMatcher;
}

/**
 * The encoded form querystring.get looks for: `%XX` sequences in the name are read first, so "%20" and
 * " " both find "%20=…" (falco's table). A name whose escapes are broken or decode to invalid UTF-8 finds nothing.
 */
function searchKey(name: string): string | null {
  if (!name.includes('%')) return urlencode(name);
  if (/%(?![0-9a-fA-F]{2})/.test(name)) return null;
  const decoded = Buffer.from(name.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1');
  const text = decoded.toString('utf8');
  return Buffer.from(text, 'utf8').equals(decoded) ? urlencode(text) : null;
}

/**
 * The value of the first `rawName=value` parameter ("" for `rawName=`), null when there is none. A
 * parameter without "=" (`?flag`) holds no value and is passed over: the page's example
 * querystring.get("/?foo", "foo") is not set, and falco's table has querystring.get("/?foo&foo=bar", "foo") "bar".
 */
function queryValue(url: string, rawName: string): string | null {
  const q = url.indexOf('?');
  if (q < 0) return null;
  let nextEquals = url.indexOf('=', q);
  for (let start = q + 1; start <= url.length; ) {
    let end = url.indexOf('&', start);
    if (end < 0) end = url.length;
    // The URL is scanned for "=" once, left to right: searching again for every parameter is quadratic.
    if (nextEquals !== -1 && nextEquals < start) nextEquals = url.indexOf('=', start);
    const eq = nextEquals !== -1 && nextEquals < end ? nextEquals : -1;
    if (eq >= 0 && url.slice(start, eq) === rawName) return url.slice(eq + 1, end);
    start = end + 1;
  }
  return null;
}

// These run on most requests of a typical service, so they work on the raw parts of the query
// string rather than building parameter objects.

/** Filters clean as they go (as Fastly's do): empty parameters never survive. */
function keepParams(url: string, keep: (name: string) => boolean): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  let out = '';
  let nextEquals = url.indexOf('=', q);
  for (let start = q + 1; start <= url.length; ) {
    let end = url.indexOf('&', start);
    if (end < 0) end = url.length;
    if (nextEquals !== -1 && nextEquals < start) nextEquals = url.indexOf('=', start); // one scan, as in queryValue
    const eq = nextEquals !== -1 && nextEquals < end ? nextEquals : -1;
    const name = url.slice(start, eq < 0 ? end : eq);
    if (name !== '' && keep(name)) out += (out === '' ? '' : '&') + url.slice(start, end);
    start = end + 1;
  }
  return out === '' ? url.slice(0, q) : `${url.slice(0, q)}?${out}`;
}

// sortQuery's lists of names and parameters: it runs to its end without calling out, so one pair serves
// every call (two new arrays and a join were a third of its time). They keep up to 32 strings between calls.
const sortNames = new Array<string>(MAX_SORTED_PARAMS).fill('');
const sortParts = new Array<string>(MAX_SORTED_PARAMS).fill('');

export function sortQuery(url: string, uniqueOnly: boolean): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  // A stable insertion sort on parallel arrays: queries are short, and this allocates no objects.
  let count = 0;
  let kept = 0;
  for (let start = q + 1; start <= url.length; ) {
    let end = url.indexOf('&', start);
    if (end < 0) end = url.length;
    const part = url.slice(start, end);
    start = end + 1;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (name === '') continue;
    if (++count > MAX_SORTED_PARAMS) return url;
    if (uniqueOnly && kept > 0 && sortNames.lastIndexOf(name, kept - 1) >= 0) continue;
    // Plain < compares code units, so "A" sorts before "a"; equal names keep their order.
    let at = kept++;
    for (; at > 0 && sortNames[at - 1]! > name; at--) {
      sortNames[at] = sortNames[at - 1]!;
      sortParts[at] = sortParts[at - 1]!;
    }
    sortNames[at] = name;
    sortParts[at] = part;
  }
  if (kept === 0) return url.slice(0, q);
  let out = url.slice(0, q + 1) + sortParts[0]!;
  for (let i = 1; i < kept; i++) out += '&' + sortParts[i]!;
  return out;
}
