// A URL split into path and query parameters, kept as raw (still encoded) text so that functions
// which only filter or reorder parameters give back exactly what came in.

export interface QueryParam {
  name: string;
  /** null for a bare `name` with no `=`. */
  value: string | null;
}

export interface SplitUrl {
  path: string;
  /** null when the URL has no `?` at all. */
  params: QueryParam[] | null;
}

export function splitUrl(url: string): SplitUrl {
  const q = url.indexOf('?');
  if (q < 0) return { path: url, params: null };
  const query = url.slice(q + 1);
  const params = query === '' ? [] : query.split('&').map(parseParam);
  return { path: url.slice(0, q), params };
}

function parseParam(part: string): QueryParam {
  const eq = part.indexOf('=');
  return eq < 0 ? { name: part, value: null } : { name: part.slice(0, eq), value: part.slice(eq + 1) };
}

/** Rebuild a URL; with no parameters left the `?` goes too. */
export function joinUrl(path: string, params: readonly QueryParam[]): string {
  if (params.length === 0) return path;
  return `${path}?${params.map(formatParam).join('&')}`;
}

function formatParam(p: QueryParam): string {
  return p.value === null ? p.name : `${p.name}=${p.value}`;
}
