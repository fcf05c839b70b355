// regsub / regsuball: Fastly's replacement syntax and the substitution loop, shared by the engines.

/** Capture positions of one match: [start0, end0, start1, end1, …], -1 for a group that took no part. */
export type Slots = ArrayLike<number>;

/** Finds the first match at or after `from`. */
export type Finder = (input: string, from: number) => Slots | null;

/**
 * Fastly replacement syntax: `\0`..`\9` (one digit; "\100" is group 1 then "00") and `\{N}` for any N.
 * A group that did not take part, or does not exist, inserts nothing. A backslash before any other
 * character drops and that character is kept (`\\` is one backslash, `\n` is "n"), as Varnish's regsub
 * does (falco's regsub table; Fastly's page is silent); a trailing backslash stays.
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
      if (next !== undefined) {
        out += next;
        i += 1;
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

/** The text of group `n` of a match, or null when it took no part (or does not exist). */
export function slotText(input: string, slots: Slots, n: number): string | null {
  const start = slots[2 * n];
  const end = slots[2 * n + 1];
  return start === undefined || end === undefined || start < 0 || end < 0 ? null : input.slice(start, end);
}

function codePointWidth(s: string, at: number): number {
  if (at >= s.length) return 1;
  return (s.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
}

/** Replace the first match (or every match) of `find` in `input`. */
export function substitute(find: Finder, input: string, replacement: string, all: boolean): string {
  let out = '';
  let copiedUpTo = 0;
  let searchFrom = 0;
  let previousEnd = -1;
  while (searchFrom <= input.length) {
    const m = find(input, searchFrom);
    if (m === null) break;
    const start = m[0]!;
    const end = m[1]!;
    // Like PCRE's NOTEMPTY_ATSTART loop in Varnish: an empty match right where the previous
    // match ended is skipped, so regsuball never loops on empty matches.
    if (start === end && start === previousEnd) {
      searchFrom = start + codePointWidth(input, start);
      continue;
    }
    out += input.slice(copiedUpTo, start) + expandReplacement(replacement, (g) => slotText(input, m, g));
    copiedUpTo = Math.max(copiedUpTo, end);
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
