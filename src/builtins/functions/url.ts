// url.normalize: RFC 3986 §6.2.2 and RFC 9110 §4.2.3 normalization of an http(s) URL or of a path with
// its query (req.url), per Fastly's page: scheme and host lower-cased, the default port dropped, an empty
// path made "/", needless %XX decoded and the rest upper-cased, dot segments resolved, the query kept
// as it is and a fragment dropped. Another scheme, or a URL that does not parse, comes back unchanged.
import type { FunctionSpec } from './types.js';
import { dictionary } from '../../dictionary.js';

export const URL_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'url.normalize',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['url'],
    doc: 'The URL normalized: scheme and host lower case, default port dropped, needless %XX decoded, "." and ".." segments resolved, fragment dropped, query unchanged.',
    impl: (_ctx, url: string | null) => (url === null ? null : normalizeUrl(url)),
  },
];

const DEFAULT_PORTS = dictionary<string>({ http: '80', https: '443' });
const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;
/** The characters RFC 3986 calls unreserved: never worth percent-encoding. */
const UNRESERVED = /[A-Za-z0-9\-._~]/;

export function normalizeUrl(url: string): string {
  const absolute = ABSOLUTE.exec(url);
  if (!absolute) return url.startsWith('/') ? (normalizeReference(url) ?? url) : url;
  const scheme = absolute[1]!.toLowerCase();
  const defaultPort = DEFAULT_PORTS[scheme];
  if (defaultPort === undefined) return url;
  const authority = normalizeAuthority(absolute[2]!, defaultPort);
  const rest = absolute[3]!;
  const reference = normalizeReference(rest.startsWith('/') ? rest : `/${rest}`);
  return authority === null || reference === null ? url : `${scheme}://${authority}${reference}`;
}

/** [userinfo@]host[:port], the host lower-cased and a default or empty port dropped; null when malformed. */
function normalizeAuthority(authority: string, defaultPort: string): string | null {
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : authority.slice(0, at + 1);
  const hostPort = authority.slice(at + 1);
  const parts = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::(\d*))?$/.exec(hostPort);
  if (!parts) return null;
  const host = parts[1]!.toLowerCase();
  const port = parts[2];
  const keepPort = port !== undefined && port !== '' && port !== defaultPort;
  return `${userinfo}${host}${keepPort ? `:${port}` : ''}`;
}

/** A path with its query and fragment: the path normalized, the query kept, the fragment dropped. */
function normalizeReference(reference: string): string | null {
  const hash = reference.indexOf('#');
  const withoutFragment = hash < 0 ? reference : reference.slice(0, hash);
  const q = withoutFragment.indexOf('?');
  const path = q < 0 ? withoutFragment : withoutFragment.slice(0, q);
  const query = q < 0 ? '' : withoutFragment.slice(q);
  const encoded = normalizeEscapes(path);
  return encoded === null ? null : removeDotSegments(encoded) + query;
}

/** Decode %XX of unreserved characters, upper-case the hex of the others; null on a broken escape. */
function normalizeEscapes(path: string): string | null {
  if (!path.includes('%')) return path;
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const hex = path.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    const decoded = String.fromCharCode(Number.parseInt(hex, 16));
    out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
    i += 2;
  }
  return out;
}

/** RFC 3986 §5.2.4 on an absolute path (one that starts with "/"). */
function removeDotSegments(path: string): string {
  const segments = path.split('/').slice(1);
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..') out.pop();
      if (last) out.push(''); // "/a/b/.." is "/a/": the directory stays a directory
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}
