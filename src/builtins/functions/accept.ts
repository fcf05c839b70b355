// accept.*: content negotiation. Each picks from what the service offers (a colon-separated list) the
// best match for an Accept, Accept-Charset, Accept-Encoding or Accept-Language value, or the default.
// A not-set or empty header, or one nothing offered satisfies, gives the default.
import { acceptable, cachedOffers, offers, parseAccept, type Preference } from './accept-lists.js';
import { int, text } from './args.js';
import type { Int } from '../../values/int64.js';
import type { ArgumentFacts, FunctionSpec } from './types.js';

const negotiation = (name: string, doc: string): FunctionSpec => ({
  name,
  returns: 'STRING',
  params: ['STRING', 'STRING', 'STRING'],
  paramNames: ['available', 'default', 'accept_header'],
  doc,
  impl: (_ctx, available: string | null, fallback: string | null, value: string | null) =>
    tokenLookup(cachedOffers(text(available)), fallback, text(value)),
});

export const ACCEPT_FUNCTIONS: FunctionSpec[] = [
  negotiation('accept.charset_lookup', 'The offered character set an Accept-Charset value prefers (RFC 7231 §5.3.3; "*" stands for any other); the default when none is acceptable or the value prefers the default itself.'),
  negotiation('accept.encoding_lookup', 'The offered content coding an Accept-Encoding value prefers ("*" stands for any other; no special case for x-gzip or x-compress); the default when none is acceptable or the value prefers the default itself.'),
  {
    name: 'accept.language_lookup',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['available', 'default', 'accept_header'],
    doc: 'The offered language an Accept-Language value prefers, by RFC 4647 §3.4 lookup ("en-GB" falls back to "en"); the default when none matches.',
    impl: (_ctx, available: string | null, fallback: string | null, value: string | null) =>
      languageLookup(cachedOffers(text(available)), text(value)) ?? fallback,
  },
  {
    name: 'accept.language_filter_basic',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING', 'INTEGER'],
    paramNames: ['available', 'default', 'accept_header', 'nmatches'],
    doc: 'Up to nmatches offered languages an Accept-Language value accepts, by RFC 4647 §3.3.1 basic filtering ("en" accepts "en-US"), best first, joined with ","; the default when none.',
    impl: (_ctx, available: string | null, fallback: string | null, value: string | null, most: Int) =>
      languageFilter(cachedOffers(text(available)), text(value), int(most)) ?? fallback,
  },
  {
    name: 'accept.media_lookup',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING', 'STRING'],
    paramNames: ['available', 'default', 'range_defaults', 'accept_header'],
    doc: 'The offered media type an Accept value prefers (RFC 7231 §5.3.2): an exact type, else for "type/*" the range default of that type, for "*/*" the default; the first three arguments are literals without duplicates.',
    checkArgs: mediaLiterals,
    impl: (_ctx, available: string | null, fallback: string | null, rangeDefaults: string | null, value: string | null) =>
      mediaLookup(cachedOffers(text(available)), text(fallback), cachedOffers(text(rangeDefaults)), text(value)) ?? fallback,
  },
];

/**
 * The offer with the highest q: its own range's q if the header names it (q=0 refuses it), else the
 * q of "*". Equal q: the first offered (the pages cite RFC 7231, which leaves ties open; falco's
 * encoding_lookup table picks "br" from "br:compress:deflate:gzip" for "deflate, br"). The default is
 * what the resource is otherwise served in, so it competes too, after the offers: falco's
 * charset_lookup table gives "utf-8" (the default, q=1) for "utf-8, iso-8859-1;q=0.5, *;q=0.1" over
 * iso-8859-5, which only "*;q=0.1" accepts. The default is given when nothing offered is acceptable.
 */
function tokenLookup(available: readonly string[], fallback: string | null, header: string): string | null {
  const prefs = parseAccept(header);
  const star = prefs.find((p) => p.range === '*');
  const qOf = (offer: string) => (prefs.find((p) => p.range === offer.toLowerCase()) ?? star)?.q ?? 0;
  let best: { offer: string; q: number } | null = null;
  for (const offer of available) {
    const q = qOf(offer);
    if (q > 0 && (!best || q > best.q)) best = { offer, q };
  }
  return best && (fallback === null || qOf(fallback) <= best.q) ? best.offer : fallback;
}

/** RFC 4647 §3.4: each range, best first, is tried whole and then with subtags cut from the end. */
function languageLookup(available: readonly string[], header: string): string | null {
  for (const { range } of acceptable(parseAccept(header))) {
    if (range === '*') continue;
    for (let tag: string | null = range; tag; tag = shorten(tag)) {
      const found = available.find((offer) => offer.toLowerCase() === tag);
      if (found) return found;
    }
  }
  return null;
}

/** Drop the last subtag, and a single-character subtag (`x`, a singleton) left at the end. */
function shorten(tag: string): string | null {
  let cut = tag.lastIndexOf('-');
  if (cut < 0) return null;
  if (cut >= 2 && tag[cut - 2] === '-') cut -= 2;
  return tag.slice(0, cut);
}

/** RFC 4647 §3.3.1: a range matches a tag equal to it or starting with it and "-"; "*" matches all. */
function languageFilter(available: readonly string[], header: string, most: number): string | null {
  const matches: string[] = [];
  for (const { range } of acceptable(parseAccept(header))) {
    for (const offer of available) {
      if (matches.length >= most) break;
      const tag = offer.toLowerCase();
      if ((range === '*' || tag === range || tag.startsWith(`${range}-`)) && !matches.includes(offer)) matches.push(offer);
    }
  }
  return matches.length ? matches.join(',') : null;
}

/**
 * Accept: ranges best first, and among equal q the more specific. An exact type is any offered one
 * (the range defaults and the default are offered types too); `type/*` gives the range default of that
 * type; `*\/*` the default. A type whose most specific range has q=0 is refused and never given.
 */
function mediaLookup(available: readonly string[], fallback: string, rangeDefaults: readonly string[], header: string): string | null {
  const all = parseAccept(header);
  const prefs = acceptable(all).sort((a, b) => b.q - a.q || specificity(b) - specificity(a) || a.order - b.order);
  const offered = [...available, ...rangeDefaults, fallback];
  for (const pref of prefs) {
    if (pref.range === '*/*') return fallback;
    const [major, minor] = pref.range.split('/');
    const found = minor === '*' ? rangeDefaults.find((t) => majorType(t) === major) : offered.find((t) => t.toLowerCase() === pref.range);
    if (found !== undefined && !refused(all, found)) return found;
  }
  return null;
}

const majorType = (type: string) => type.toLowerCase().split('/')[0];

/** Whether the most specific range that covers the type (exact, then type/*, then *\/*) gives it q=0. */
function refused(prefs: readonly Preference[], type: string): boolean {
  const lower = type.toLowerCase();
  const covering = prefs.find((p) => p.range === lower) ?? prefs.find((p) => p.range === `${majorType(type)}/*`) ?? prefs.find((p) => p.range === '*/*');
  return covering !== undefined && covering.q <= 0;
}

const specificity = (p: Preference) => (p.range === '*/*' ? 0 : p.range.endsWith('/*') ? 1 : 2);

/** Fastly: "Values of the first three arguments cannot contain variables. Duplicate media types are not allowed among [them]." */
function mediaLiterals(args: readonly ArgumentFacts[]): { index: number; message: string } | null {
  const seen = new Set<string>();
  for (let index = 0; index < 3; index++) {
    const literal = args[index]?.literal;
    if (typeof literal !== 'string') return { index, message: 'must be a string literal' };
    for (const type of offers(literal)) {
      if (seen.has(type.toLowerCase())) return { index, message: `media type "${type}" is listed twice` };
      seen.add(type.toLowerCase());
    }
  }
  return null;
}
