// A compiled VCL regex: parsed once as PCRE2, then run by the fastest engine that gives PCRE2's
// answer. Patterns without repeats run on V8 (linear on them); regular patterns on re2js (linear
// always); the rest (backreferences, lookaround, atomic groups, recursion…) on the backtracking
// matcher, whose step limit bounds the cost of a hostile subject. When it gives up, the match
// fails and fastly.error becomes "EREGRECUR", as on Fastly.
import { RE2JS } from 're2js';
import type { Node } from './ast.js';
import { dependsOnFinalNewline, hasRepeat, isRegular, lengthRange } from './analysis.js';
import { toNative, toRe2 } from './emit.js';
import { REGEX_LIMIT_ERROR, RegexLimitExceeded, type RegexErrorSink } from './errors.js';
import { parsePattern } from './parser.js';
import { compileProgram } from './program.js';
import { slotText, substitute, type Finder, type Slots } from './replace.js';
import { Matcher } from './vm.js';

export type RegexEngine = 'native' | 're2' | 'backtrack';

export interface CompiledRegex {
  /** The pattern as written in the VCL source. */
  readonly source: string;
  /** Number of capture groups (group 0, the whole match, not counted). */
  readonly groupCount: number;
  /** The engine that runs it (a regular pattern still goes to the backtracker for a subject ending in "\n"). */
  readonly engine: RegexEngine;
  /** Whether it matches; a match that gave up is no match and sets `errors.fastlyError`. */
  test(input: string, errors?: RegexErrorSink): boolean;
  /** Groups 0..groupCount of the first match; a group that took no part is null. */
  exec(input: string, errors?: RegexErrorSink): (string | null)[] | null;
  /** Fastly regsub (all=false) / regsuball (all=true); a match that gave up leaves the input unchanged. */
  replace(input: string, replacement: string, all: boolean, errors?: RegexErrorSink): string;
}

/**
 * Steps (instructions and characters scanned) the backtracking matcher may take for one search,
 * or for all the searches of one regsub/regsuball call, before giving up: about 100–150 ms of work.
 * Fastly does not document its limit; PCRE2's default match limit is 10,000,000 backtracking points
 * per search, and one of those is several of our steps.
 */
export const DEFAULT_STEP_LIMIT = 5_000_000;

export interface RegexOptions {
  /** Steps the backtracking matcher may take per search or regsub call (default DEFAULT_STEP_LIMIT). */
  stepLimit?: number;
  /** Run every subject on the backtracking matcher (tests compare the engines with it). */
  backtrackOnly?: boolean;
}

class Backtracker {
  private readonly matcher: Matcher;
  private readonly anchored: boolean;
  private readonly firstChar: string | null;

  constructor(root: Node, groupCount: number, limit: number) {
    this.matcher = new Matcher(compileProgram(root, groupCount), limit);
    this.anchored = startsWithAnchor(root);
    this.firstChar = firstLiteral(root);
  }

  readonly find: Finder = (input, from) => this.search(input, from, true);

  /**
   * A Finder for one regsub/regsuball call: its searches share one step budget, so the whole call
   * costs at most the limit, however many matches it makes (else n matches could cost n limits).
   */
  oneCall(): Finder {
    let fresh = true;
    return (input, from) => {
      const slots = this.search(input, from, fresh);
      fresh = false;
      return slots;
    };
  }

  /** The first match at or after `from`; `freshBudget` starts a new step budget. */
  private search(input: string, from: number, freshBudget: boolean): Slots | null {
    for (let start = from; start <= input.length; ) {
      if (this.firstChar !== null) {
        start = input.indexOf(this.firstChar, start);
        if (start < 0) return null;
      }
      const slots = this.matcher.attempt(input, start, from, freshBudget && start === from);
      if (slots) return slots;
      const { commit, skipTo } = this.matcher.verdict;
      if (commit || this.anchored) return null;
      start = skipTo > start ? skipTo : start + ((input.codePointAt(start) ?? 0) > 0xffff ? 2 : 1);
    }
    return null;
  }

  get lastSteps(): number {
    return this.matcher.lastSteps;
  }
}

/** Whether every match must start where the search starts (a leading \A, ^ or \G). */
function startsWithAnchor(n: Node): boolean {
  switch (n.type) {
    case 'anchor':
      return n.kind === 'start' || n.kind === 'searchStart';
    case 'seq':
      return n.items.length > 0 && startsWithAnchor(n.items[0]!);
    case 'alt':
      return n.alts.every(startsWithAnchor);
    case 'group':
    case 'nocapture':
    case 'atomic':
      return startsWithAnchor(n.body);
    default:
      return false;
  }
}

/**
 * A character every match starts with, to skip ahead with indexOf. Like PCRE2's start-of-match
 * optimization it looks past leading (*COMMIT) and the like, so "(*COMMIT)b" still finds "-b"'s b.
 */
function firstLiteral(n: Node): string | null {
  switch (n.type) {
    case 'char':
      return String.fromCodePoint(n.cp);
    case 'seq': {
      const first = n.items.find((item) => item.type !== 'verb' || item.verb === 'ACCEPT' || item.verb === 'FAIL');
      return first ? firstLiteral(first) : null;
    }
    case 'group':
    case 'nocapture':
    case 'atomic':
      return firstLiteral(n.body);
    case 'repeat':
      return n.min > 0 ? firstLiteral(n.body) : null;
    default:
      return null;
  }
}

function re2Finder(re: RE2JS): Finder {
  const groups = re.groupCount();
  return (input, from) => {
    const m = re.matcher(input);
    if (!m.find(from)) return null;
    const slots = new Array<number>(2 * (groups + 1));
    for (let g = 0; g <= groups; g++) {
      slots[2 * g] = m.start(g);
      slots[2 * g + 1] = m.end(g);
    }
    return slots;
  };
}

function groupsOf(input: string, slots: Slots, groupCount: number): (string | null)[] {
  const out: (string | null)[] = new Array(groupCount + 1);
  for (let g = 0; g <= groupCount; g++) out[g] = slotText(input, slots, g);
  return out;
}

export class Regex implements CompiledRegex {
  readonly groupCount: number;
  readonly engine: RegexEngine;
  private readonly root: Node;
  private readonly limit: number;
  private readonly linear: Finder | null;
  private readonly native: RegExp | null;
  /** Subjects ending in "\n" need PCRE2's own reading of `$`, `\Z` and multiline `^`. */
  private readonly finalNewlineMatters: boolean;
  private backtracker: Backtracker | null = null;

  constructor(
    readonly source: string,
    options: RegexOptions = {},
  ) {
    const parsed = parsePattern(source);
    this.root = parsed.root;
    this.groupCount = parsed.groupCount;
    this.limit = Math.min(options.stepLimit ?? DEFAULT_STEP_LIMIT, parsed.limitMatch ?? Infinity);
    let re2: RE2JS | null = null;
    if (!options.backtrackOnly && isRegular(parsed.root)) {
      try {
        re2 = RE2JS.compile(toRe2(parsed.root));
      } catch {
        re2 = null; // beyond RE2's own limits (program size): the backtracker takes it
      }
    }
    this.linear = re2 ? re2Finder(re2) : null;
    // V8 tries an empty match between the halves of a surrogate pair (/\B/u on "c😀A"): only
    // patterns that consume a character go to it.
    const native = re2 && !hasRepeat(parsed.root) && lengthRange(parsed.root)[0] > 0 ? toNative(parsed.root) : null;
    this.native = native ? new RegExp(native.source, native.flags) : null;
    this.finalNewlineMatters = dependsOnFinalNewline(parsed.root);
    this.engine = this.native ? 'native' : this.linear ? 're2' : 'backtrack';
    if (!this.linear) this.backtracker = this.makeBacktracker();
  }

  private makeBacktracker(): Backtracker {
    return new Backtracker(this.root, this.groupCount, this.limit);
  }

  /** The backtracker for this subject, or null when a linear engine gives PCRE2's answer. */
  private exact(input: string): Backtracker | null {
    if (this.linear && !(this.finalNewlineMatters && input.charCodeAt(input.length - 1) === 10)) return null;
    return (this.backtracker ??= this.makeBacktracker());
  }

  /** Steps the backtracker took on its last search (0 when it has not run). */
  get lastSteps(): number {
    return this.backtracker?.lastSteps ?? 0;
  }

  test(input: string, errors?: RegexErrorSink): boolean {
    const exact = this.exact(input);
    if (exact) return this.guarded(errors, false, () => exact.find(input, 0) !== null);
    return this.native ? this.native.test(input) : this.linear!(input, 0) !== null;
  }

  exec(input: string, errors?: RegexErrorSink): (string | null)[] | null {
    const exact = this.exact(input);
    if (!exact && this.native) {
      const m = this.native.exec(input);
      if (m === null) return null;
      const groups: (string | null)[] = new Array(m.length);
      for (let g = 0; g < m.length; g++) groups[g] = m[g] ?? null;
      return groups;
    }
    const find = exact ? exact.find : this.linear!;
    return this.guarded(errors, null, () => {
      const slots = find(input, 0);
      return slots === null ? null : groupsOf(input, slots, this.groupCount);
    });
  }

  replace(input: string, replacement: string, all: boolean, errors?: RegexErrorSink): string {
    const exact = this.exact(input);
    return this.guarded(errors, input, () => substitute(exact ? exact.oneCall() : this.linear!, input, replacement, all));
  }

  /** Run a match; when the step limit stops it, record EREGRECUR and answer `onLimit`. */
  private guarded<T>(errors: RegexErrorSink | undefined, onLimit: T, run: () => T): T {
    try {
      return run();
    } catch (e) {
      if (!(e instanceof RegexLimitExceeded)) throw e;
      if (errors) errors.fastlyError = REGEX_LIMIT_ERROR;
      return onLimit;
    }
  }
}
