// What the edge accepts from a client before VCL runs, and the request VCL is then shown. Whatever
// VCL judges must be what the origin receives, so every ambiguity is settled here, once:
//   - the target: origin form as is; absolute form (RFC 9112 §3.2.2) becomes origin form, its
//     authority the Host; `*` only for OPTIONS;
//   - Host: exactly one (HTTP/1.1), well formed, and equal to an absolute form's authority (§3.2);
//   - Connection options (RFC 9110 §7.6.1): the headers the client's Connection names are removed
//     now, so that after VCL only the fixed hop-by-hop set is removed and nothing VCL set;
//   - Fastly's limits: an 8 KB URL (414) and 255 header fields (431);
//   - the version and body framing Node's parser lets by (it is lenient): HTTP/2.0 in a request line
//     gets 505, a Transfer-Encoding on HTTP/1.0 400 and one that is not plain `chunked` 501
//     (RFC 9112 §2.3, §6.1; nginx answers the same), so only one body framing ever reaches VCL.
// Strings are as Node's parser hands them over: one char per byte.
import { HOP_BY_HOP_HEADERS } from './hop-by-hop.js';
import { dictionary } from '../dictionary.js';

/** Fastly: "URL size 8KB": a longer target is refused before VCL. */
export const MAX_URL_BYTES = 8 * 1024;
/** Fastly: "Request header count 255". */
export const MAX_HEADER_FIELDS = 255;

export interface ClientRequestHead {
  method: string;
  url: string;
  /** "1.1", "1.0" */
  httpVersion: string;
  /** Node's flat list: name, value, name, value… */
  rawHeaders: readonly string[];
}

export type Admission =
  /** `rawHeaders`: Node's flat list as VCL is to see it (the very array given, when nothing changed). */
  | { ok: true; url: string; rawHeaders: readonly string[] }
  | { ok: false; status: RefusalStatus; reason: string };

type RefusalStatus = 400 | 414 | 431 | 501 | 505;

// RFC 3986 authority without userinfo: IP-literal or reg-name (IPv4 included), then an optional port.
const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::[0-9]*)?$/;
const ABSOLUTE_FORM = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;
const DEFAULT_PORTS = dictionary<string>({ http: ':80', https: ':443' });

// A client may not make the edge drop these by naming them in Connection: Host and the body's
// framing are the message's own, and the fixed hop-by-hop set is removed after VCL anyway (VCL
// must still see Upgrade to hand a WebSocket to the relay).
const NEVER_NOMINATED = new Set([...HOP_BY_HOP_HEADERS, 'host', 'content-length']);

export function admit(head: ClientRequestHead): Admission {
  const { method, url, httpVersion, rawHeaders } = head;
  if (httpVersion !== '1.1' && httpVersion !== '1.0') return refuse(505, `HTTP/${httpVersion} is not served here (HTTP/1.1 and 1.0 are)`);
  if (url.length > MAX_URL_BYTES) return refuse(414, `the request target is longer than ${MAX_URL_BYTES} bytes`);
  if (rawHeaders.length / 2 > MAX_HEADER_FIELDS) return refuse(431, `more than ${MAX_HEADER_FIELDS} header fields`);

  // One pass for the two fields that matter here; most requests have one Host and no Connection list.
  let hostAt = -1;
  let connection = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') {
      if (hostAt !== -1) return refuse(400, 'more than one Host header');
      hostAt = i + 1;
    } else if (name.length === 10 && name.toLowerCase() === 'connection') connection = true;
    else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
      const wrong = wrongTransferEncoding(rawHeaders[i + 1]!, httpVersion);
      if (wrong) return wrong;
    }
  }
  const host = hostAt === -1 ? null : rawHeaders[hostAt]!;
  if (host !== null && !AUTHORITY.test(host)) return refuse(400, 'the Host header is not a valid host');

  const target = originForm(method, url);
  if ('reason' in target) return refuse(400, target.reason);
  if (target.authority === null && host === null && httpVersion !== '1.0') return refuse(400, 'an HTTP/1.1 request needs a Host header');
  if (target.authority !== null && host !== null && !sameAuthority(host, target.authority, target.scheme!)) {
    return refuse(400, 'the Host header differs from the authority of the request target');
  }

  let headers = connection ? withoutNominated(rawHeaders) : rawHeaders;
  if (target.authority !== null) headers = withHost(headers, target.authority.toLowerCase());
  return { ok: true, url: target.url, rawHeaders: headers };
}

/** The list with Host set to `authority` (the authority of an absolute-form target), as a copy. */
function withHost(rawHeaders: readonly string[], authority: string): string[] {
  const headers = [...rawHeaders];
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i]!.toLowerCase() === 'host') {
      headers[i + 1] = authority;
      return headers;
    }
  }
  headers.push('Host', authority);
  return headers;
}

/**
 * Node's parser emits a request whose Transfer-Encoding list ends in chunked, or does not (it errs
 * only after the request has gone to VCL), and one on HTTP/1.0. RFC 9112 §6.1: a list whose final
 * coding is not chunked leaves the length unknown (400), HTTP/1.0 has no transfer codings (its
 * framing is faulty: 400), and a coding the edge does not implement gets 501 — passing such a body
 * on as plain would change it. A lone `chunked`, in any case, is what remains.
 */
function wrongTransferEncoding(value: string, httpVersion: string): Admission | null {
  if (httpVersion === '1.0') return refuse(400, 'Transfer-Encoding in an HTTP/1.0 request');
  const codings = value.toLowerCase().split(',');
  if (codings.length === 1 && codings[0]!.trim() === 'chunked') return null;
  if (codings[codings.length - 1]!.trim() !== 'chunked') return refuse(400, 'the final transfer coding is not chunked');
  return refuse(501, `the transfer coding "${value.trim().slice(0, 64)}" is not implemented (only chunked is)`);
}

function refuse(status: RefusalStatus, reason: string): Admission {
  return { ok: false, status, reason };
}

type Target = { url: string; authority: string | null; scheme: string | null } | { reason: string };

/** The origin-form target VCL and the origin see, and the authority an absolute form carried. */
function originForm(method: string, url: string): Target {
  if (url.startsWith('/')) return { url, authority: null, scheme: null };
  if (url === '*') return method === 'OPTIONS' ? { url, authority: null, scheme: null } : { reason: 'the asterisk target is only for OPTIONS' };
  const absolute = ABSOLUTE_FORM.exec(url);
  if (!absolute) return { reason: 'the request target is neither a path nor an absolute URL' };
  const scheme = absolute[1]!.toLowerCase();
  const authority = absolute[2]!;
  if (scheme !== 'http' && scheme !== 'https') return { reason: `the request target's scheme ${scheme} is not http or https` };
  if (authority.includes('@')) return { reason: 'the request target carries credentials' };
  if (!AUTHORITY.test(authority) || authority.startsWith(':') || authority === '') return { reason: 'the request target has no valid authority' };
  const rest = absolute[3]!;
  return { url: rest.startsWith('/') ? rest : `/${rest}`, authority, scheme };
}

/** Host and authority name the same origin: case aside, and the scheme's default port implied. */
function sameAuthority(host: string, authority: string, scheme: string): boolean {
  const normal = (value: string) => {
    const lower = value.toLowerCase().replace(/:$/, '');
    return lower.endsWith(DEFAULT_PORTS[scheme]!) ? lower.slice(0, -DEFAULT_PORTS[scheme]!.length) : lower;
  };
  return normal(host) === normal(authority);
}

/** The list minus the fields the client's Connection header names (RFC 9110 §7.6.1). */
function withoutNominated(rawHeaders: readonly string[]): readonly string[] {
  let nominated: Set<string> | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() !== 'connection') continue;
    const value = rawHeaders[i + 1]!.toLowerCase();
    if (value === 'keep-alive' || value === 'close' || value === 'upgrade') continue; // the usual ones name nothing to remove
    for (const token of value.split(',')) {
      const name = token.trim();
      if (name !== '' && !NEVER_NOMINATED.has(name)) (nominated ??= new Set()).add(name);
    }
  }
  if (nominated === null) return rawHeaders;
  const headers: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (!nominated.has(rawHeaders[i]!.toLowerCase())) headers.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  }
  return headers;
}
