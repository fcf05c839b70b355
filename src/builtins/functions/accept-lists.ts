// Reading the lists content negotiation works on: an Accept-* header value (ranges with q-values, RFC 7231
// §5.3.1) and the colon-separated lists of what a service offers ("en:de:fr").

/** One range of an Accept-* header: lower-cased, with its quality and place in the header. */
export interface Preference {
  range: string;
  q: number;
  order: number;
}

/** Every range of the header, in its order; q=0 ranges too (they refuse what they name). */
export function parseAccept(header: string): Preference[] {
  const out: Preference[] = [];
  const items = header.split(',');
  for (let order = 0; order < items.length; order++) {
    const [range = '', ...params] = items[order]!.split(';');
    const name = range.trim().toLowerCase();
    if (name !== '') out.push({ range: name, q: quality(params), order });
  }
  return out;
}

/** The ranges that accept something (q > 0), best first; equal q keep the header's order. */
export function acceptable(prefs: readonly Preference[]): Preference[] {
  return prefs.filter((p) => p.q > 0).sort((a, b) => b.q - a.q || a.order - b.order);
}

/** The q parameter (default 1); one that is not a number in [0, 1] makes the range unacceptable. */
function quality(params: string[]): number {
  for (const param of params) {
    const [key = '', value = ''] = param.split('=');
    if (key.trim().toLowerCase() !== 'q') continue;
    const q = Number(value.trim());
    return Number.isFinite(q) && q >= 0 && q <= 1 && value.trim() !== '' ? q : 0;
  }
  return 1;
}

/** A colon-separated offer list, as written (results are returned verbatim), without empty items. */
export function offers(list: string): string[] {
  return list.split(':').filter((item) => item !== '');
}

// The offer lists are literals in practice: parse each once (bounded, for long-lived processes).
const parsed = new Map<string, string[]>();
export function cachedOffers(list: string): string[] {
  let found = parsed.get(list);
  if (!found) {
    if (parsed.size >= 512) parsed.clear();
    found = offers(list);
    parsed.set(list, found);
  }
  return found;
}
