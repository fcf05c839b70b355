// VCL regular expressions: PCRE syntax, evaluated by RE2 (re2js) so matching is always linear
// in the input. Fastly runs PCRE2; a pattern that only PCRE's backtracking can evaluate
// (backreferences, lookahead, atomic groups, possessive quantifiers, recursion) is rejected at
// compile time with a message saying so, instead of silently meaning something else.
import { RE2JS } from 're2js';

export class RegexSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`invalid regular expression ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'RegexSyntaxError';
  }
}

export interface CompiledRegex {
  /** The pattern as written in the VCL source. */
  readonly source: string;
  /** Number of capture groups (group 0, the whole match, not counted). */
  readonly groupCount: number;
  test(input: string): boolean;
  /** Groups 0..groupCount of the first match; a group that took no part is null. */
  exec(input: string): (string | null)[] | null;
  /** Fastly regsub (all=false) / regsuball (all=true). */
  replace(input: string, replacement: string, all: boolean): string;
}

const cache = new Map<string, CompiledRegex>();

/** Escapes that mean the same in RE2 and in a JavaScript `u` regex. */
const PORTABLE_ESCAPES = new Set([...'dDwWsSbBtnrfv.\\/^$|()[]{}*+?-']);

/**
 * Most VCL patterns are prefixes and fixed words (`^/admin`, `(?i)^websocket$`). A pattern without
 * quantifiers, backreferences or lookaround can only try each alternative once per start position,
 * so any engine matches it in time linear in the input; for those V8's native engine (several times
 * faster than re2js) is used. Anything else, or anything the two engines might read differently,
 * stays on re2js. Returns null when the native engine is not safe to use.
 */
function quantifierFreeNative(translated: string, groupCount: number): RegExp | null {
  let body = translated;
  let flags = 'u';
  const lead = /^\(\?([ims]+)\)/.exec(body);
  if (lead) {
    flags += lead[1];
    body = body.slice(lead[0].length);
  }
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined || !PORTABLE_ESCAPES.has(next)) return null;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[') return null; // POSIX classes and nesting differ between the engines
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '*' || c === '+' || c === '{') return null;
    else if (c === '?') {
      // Only `(?:` may use a `?`: a quantifier, inline flags mid-pattern or lookaround stay on re2js.
      if (body[i - 1] !== '(' || body[i + 1] !== ':') return null;
    }
  }
  try {
    const re = new RegExp(body, flags);
    // Both engines must agree on the groups, or re.group.N would differ.
    return new RegExp(`${re.source}|`).exec('')!.length - 1 === groupCount ? re : null;
  } catch {
    return null;
  }
}

/** Compile (once: VCL patterns are literals, so the cache stays small). */
export function compileRegex(pattern: string): CompiledRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = new Re2Regex(pattern);
    cache.set(pattern, compiled);
  }
  return compiled;
}

class Re2Regex implements CompiledRegex {
  readonly groupCount: number;
  private readonly re: RE2JS;
  /** V8's own engine, for patterns on which it is linear anyway (see quantifierFreeNative). */
  private readonly native: RegExp | null;

  constructor(readonly source: string) {
    const translated = translatePcre(source);
    try {
      // LOOKBEHINDS: re2js evaluates captureless lookbehind in linear time, so PCRE's (?<=…) works.
      this.re = RE2JS.compile(translated, RE2JS.LOOKBEHINDS);
    } catch (e) {
      throw new RegexSyntaxError(source, explainRe2Error(e));
    }
    this.groupCount = this.re.groupCount();
    this.native = quantifierFreeNative(translated, this.groupCount);
  }

  test(input: string): boolean {
    return this.native ? this.native.test(input) : this.re.test(input);
  }

  exec(input: string): (string | null)[] | null {
    if (this.native) {
      const m = this.native.exec(input);
      if (m === null) return null;
      const groups: (string | null)[] = new Array(m.length);
      for (let g = 0; g < m.length; g++) groups[g] = m[g] ?? null;
      return groups;
    }
    const m = this.re.matcher(input);
    if (!m.find()) return null;
    const groups: (string | null)[] = [];
    for (let g = 0; g <= this.groupCount; g++) groups.push(m.group(g));
    return groups;
  }

  replace(input: string, replacement: string, all: boolean): string {
    const m = this.re.matcher(input);
    let out = '';
    let copiedUpTo = 0;
    let searchFrom = 0;
    let previousEnd = -1;
    while (searchFrom <= input.length && m.find(searchFrom)) {
      const start = m.start();
      const end = m.end();
      // Like PCRE's NOTEMPTY_ATSTART loop in Varnish: an empty match right where the previous
      // match ended is skipped, so regsuball never loops on empty matches.
      if (start === end && start === previousEnd) {
        searchFrom = start + codePointWidth(input, start);
        continue;
      }
      out += input.slice(copiedUpTo, start) + expandReplacement(replacement, (g) => m.group(g));
      copiedUpTo = end;
      previousEnd = end;
      if (!all) break;
      searchFrom = end > start ? end : end + codePointWidth(input, end);
      if (start === end) {
        // The skipped character still belongs in the output.
        out += input.slice(end, searchFrom);
        copiedUpTo = searchFrom;
      }
    }
    return out + input.slice(copiedUpTo);
  }
}

function codePointWidth(s: string, at: number): number {
  if (at >= s.length) return 1;
  return (s.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
}

/**
 * Fastly replacement syntax: `\0`..`\9` (one digit; "\100" is group 1 then "00") and `\{N}` for any N.
 * A group that did not take part, or does not exist, inserts nothing. Any other backslash is literal.
 */
export function expandReplacement(replacement: string, group: (n: number) => string | null): string {
  if (!replacement.includes('\\')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      const next = replacement[i + 1];
      if (next !== undefined && next >= '0' && next <= '9') {
        out += groupText(group, Number(next));
        i += 1;
        continue;
      }
      const braced = /^\{(\d+)\}/.exec(replacement.slice(i + 1));
      if (braced) {
        out += groupText(group, Number(braced[1]));
        i += braced[0].length;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function groupText(group: (n: number) => string | null, n: number): string {
  try {
    return group(n) ?? '';
  } catch {
    return ''; // group number beyond the pattern's groups
  }
}

function explainRe2Error(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/invalid escape sequence: `\\[1-9]/.test(message)) {
    return 'backreferences (\\1) are not supported by the linear-time regex engine';
  }
  if (/invalid nested repetition operator/.test(message)) {
    return `${message} (possessive quantifiers such as a++ are not supported)`;
  }
  return message.replace(/^error parsing regexp: /, '');
}

// ---------- PCRE → RE2 translation ----------

/** Constructs RE2 cannot evaluate in linear time, and what to tell the user. */
const UNSUPPORTED_GROUPS: [prefix: string, reason: string][] = [
  ['(?=', 'lookahead (?=…) is not supported by the linear-time regex engine'],
  ['(?!', 'negative lookahead (?!…) is not supported by the linear-time regex engine'],
  ['(?>', 'atomic groups (?>…) are not supported by the linear-time regex engine'],
  ['(?|', 'branch-reset groups (?|…) are not supported'],
  ['(?(', 'conditional groups (?(…)…) are not supported'],
  ['(?R', 'recursion (?R) is not supported'],
  ['(?&', 'subroutine calls (?&name) are not supported'],
  ['(?P=', 'named backreferences (?P=name) are not supported by the linear-time regex engine'],
  ['(?P>', 'subroutine calls (?P>name) are not supported'],
];

/**
 * Rewrite the PCRE-only bits RE2 lacks: the `x` (extended) flag, `(?#…)` comments and `\Z`;
 * reject constructs that need backtracking. Everything else passes through for RE2 to parse.
 */
export function translatePcre(pattern: string): string {
  const fail = (reason: string): never => {
    throw new RegexSyntaxError(pattern, reason);
  };
  let out = '';
  let extended = false;
  const extendedStack: boolean[] = [];
  let afterQuantifier = false;
  let i = 0;

  while (i < pattern.length) {
    const c = pattern[i]!;

    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) fail('pattern ends with a lone backslash');
      if (next! >= '1' && next! <= '9') {
        fail(`backreferences (\\${next}) are not supported by the linear-time regex engine`);
      }
      if (next === 'g' || next === 'k') {
        fail(`backreferences (\\${next}) are not supported by the linear-time regex engine`);
      }
      if (next === 'K') fail('\\K (reset match start) is not supported');
      if (next === 'Q') {
        // \Q…\E quotes literally: copy it untouched so nothing inside reads as syntax.
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end + 2;
        out += pattern.slice(i, stop);
        i = stop;
        afterQuantifier = false;
        continue;
      }
      // PCRE \Z also matches before a final newline; RE2 has only \z. Header values carry no
      // newlines, so end-of-text is the useful meaning.
      out += next === 'Z' ? '\\z' : c + next;
      i += 2;
      afterQuantifier = false;
      continue;
    }

    if (c === '[') {
      const end = endOfClass(pattern, i);
      if (end < 0) fail('missing closing ]');
      out += pattern.slice(i, end + 1);
      i = end + 1;
      afterQuantifier = false;
      continue;
    }

    if (extended && /\s/.test(c)) {
      i += 1;
      continue;
    }
    if (extended && c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i += 1;
      continue;
    }

    if (c === '(') {
      const rest = pattern.slice(i);
      for (const [prefix, reason] of UNSUPPORTED_GROUPS) if (rest.startsWith(prefix)) fail(reason);
      if (/^\(\?[0-9+-]/.test(rest) && !/^\(\?-?[a-zA-Z]/.test(rest)) {
        fail('recursion (?N) is not supported');
      }
      if (rest.startsWith('(?#')) {
        const close = pattern.indexOf(')', i);
        if (close < 0) fail('unterminated (?# comment');
        i = close + 1;
        continue;
      }
      const flags = /^\(\?([a-zA-Z]*(?:-[a-zA-Z]*)?)(\)|:)/.exec(rest);
      if (flags) {
        const { rewritten, extendedAfter } = rewriteFlags(flags[1]!, extended, fail);
        if (flags[2] === ')') {
          // (?x) changes the mode until the end of the enclosing group.
          extended = extendedAfter;
          if (rewritten) out += `(?${rewritten})`;
        } else {
          extendedStack.push(extended);
          extended = extendedAfter;
          out += rewritten ? `(?${rewritten}:` : '(?:';
        }
        i += flags[0].length;
        afterQuantifier = false;
        continue;
      }
      // A plain or named group: copy "(" or "(?" so the "?" is not read as a quantifier.
      extendedStack.push(extended);
      const opener = rest.startsWith('(?') ? '(?' : '(';
      out += opener;
      i += opener.length;
      afterQuantifier = false;
      continue;
    }

    if (c === ')') {
      extended = extendedStack.pop() ?? extended;
      out += c;
      i += 1;
      afterQuantifier = false;
      continue;
    }

    if (c === '+' && afterQuantifier) fail('possessive quantifiers (e.g. a++) are not supported');
    if (c === '?' && afterQuantifier) {
      out += c; // lazy modifier
      i += 1;
      afterQuantifier = false;
      continue;
    }
    afterQuantifier = c === '*' || c === '+' || c === '?' || (c === '}' && /(?:^|[^\\])\{\d+(?:,\d*)?$/.test(out));
    out += c;
    i += 1;
  }
  return out;
}

/** Drop `x` from an inline flag group (we apply it ourselves); reject flags RE2 lacks. */
function rewriteFlags(
  spec: string,
  extendedBefore: boolean,
  fail: (reason: string) => never,
): { rewritten: string; extendedAfter: boolean } {
  const [on = '', off = ''] = spec.split('-');
  for (const f of on + off) {
    if (!'imsxU'.includes(f)) fail(`inline flag (?${f}) is not supported`);
  }
  let extendedAfter = extendedBefore;
  if (on.includes('x')) extendedAfter = true;
  if (off.includes('x')) extendedAfter = false;
  const keepOn = on.replace(/x/g, '');
  const keepOff = off.replace(/x/g, '');
  const rewritten = keepOff ? `${keepOn}-${keepOff}` : keepOn;
  return { rewritten, extendedAfter };
}

/** Index of the `]` closing the class opened at `start`, honouring `[]…]`, escapes and `[:name:]`. */
function endOfClass(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i += 1;
  if (pattern[i] === ']') i += 1;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close >= 0) {
        i = close + 2;
        continue;
      }
    }
    if (c === ']') return i;
    i += 1;
  }
  return -1;
}
