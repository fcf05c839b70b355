// A PCRE2 pattern parser (UTF mode, PCRE2 10.42 syntax plus 10.43's variable-length lookbehind): everything PCRE2 accepts parses, and
// what PCRE2 rejects fails with PCRE2's message and the offset. Flags are resolved into the nodes.
import { alt, INFINITE, seq, type AnchorKind, type Condition, type GroupRef, type Node, type ParsedPattern, type Verb } from './ast.js';
import { charClass, hasOtherCase, NEWLINE, normalizeRanges, type Ranges, VSPACE } from './char-sets.js';
import { lengthRange } from './analysis.js';
import { readClass } from './parse-class.js';
import { readEscape, refFromNumber, type RawRef } from './parse-escape.js';
import { Scanner } from './scanner.js';
import { ALPHA_ASSERTION, graphemeCluster, START_OPTION, VERB } from './syntax-tables.js';

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  xx: boolean;
  n: boolean;
  U: boolean;
  J: boolean;
}

const MAX_REPEAT = 65535;
/** PCRE2_MAX_VARLOOKBEHIND's default. */
const MAX_VARIABLE_LOOKBEHIND = 255;
const NAME = '[A-Za-z_][A-Za-z0-9_]{0,31}';
/** Pattern white space that (?x) skips. */
const EXTENDED_SPACE = /^[\t\n\v\f\r \u0085\u200e\u200f\u2028\u2029]+/;

const cls = (ranges: Ranges, negate = false): Node => ({ type: 'class', cls: { negate, ranges: normalizeRanges(ranges), props: [], caseless: false } });
const anchor = (kind: AnchorKind): Node => ({ type: 'anchor', kind });

export function parsePattern(src: string): ParsedPattern {
  return new Parser(src).parse();
}

class Parser extends Scanner {
  private groupCount = 0;
  private readonly names = new Map<string, number[]>();
  private readonly refs: { ref: GroupRef; call: boolean }[] = [];
  private limitMatch: number | null = null;
  private quoting = false;
  /** How many assertions enclose the current position (\K is refused inside one). */
  private lookDepth = 0;

  parse(): ParsedPattern {
    this.startOptions();
    const root = alt(this.alternatives({ i: false, m: false, s: false, x: false, xx: false, n: false, U: false, J: false }));
    if (!this.done) this.fail('unmatched closing parenthesis');
    this.resolveRefs();
    return { root, groupCount: this.groupCount, names: this.names, limitMatch: this.limitMatch };
  }

  private startOptions(): void {
    for (let m = this.match(START_OPTION); m; m = this.match(START_OPTION)) {
      if (m[1]!.startsWith('LIMIT_MATCH')) this.limitMatch = Math.min(this.limitMatch ?? INFINITE, Number(m[2]));
    }
  }

  private alternatives(flags: Flags, branchReset = false): Node[] {
    const alts: Node[] = [];
    const startCount = this.groupCount;
    let maxCount = startCount;
    for (;;) {
      if (branchReset) this.groupCount = startCount;
      alts.push(this.sequence(flags));
      maxCount = Math.max(maxCount, this.groupCount);
      if (!this.eat('|')) break;
    }
    if (branchReset) this.groupCount = maxCount;
    return alts;
  }

  private sequence(flags: Flags): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipTrivia(flags);
      if (this.done) break;
      if (!this.quoting && (this.peek() === '|' || this.peek() === ')')) break;
      const atom = this.atom(flags);
      if (atom !== null) items.push(this.quantified(flags, atom));
    }
    return seq(items);
  }

  /** Skip what matches nothing and is no item: (?x) space and comments, (?#…), \E, \Q\E. */
  private skipTrivia(flags: Flags): void {
    for (;;) {
      if (this.quoting) {
        if (!this.eat('\\E')) return;
        this.quoting = false;
        continue;
      }
      if (flags.x && this.match(EXTENDED_SPACE)) continue;
      if (flags.x && this.at('#')) {
        const nl = this.src.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.src.length : nl + 1;
        continue;
      }
      if (this.at('(?#')) {
        const close = this.src.indexOf(')', this.pos);
        if (close < 0) this.fail('missing ) after (?# comment');
        this.pos = close + 1;
        continue;
      }
      if (this.eat('\\Q')) {
        this.quoting = true;
        continue;
      }
      if (this.eat('\\E')) continue;
      return;
    }
  }

  private literal(cp: number, flags: Flags): Node {
    return flags.i && hasOtherCase(cp) ? { type: 'class', cls: charClass(cp, true) } : { type: 'char', cp };
  }

  private atom(flags: Flags): Node | null {
    if (this.quoting) return this.literal(this.next(), flags);
    switch (this.peek()) {
      case '(':
        return this.group(flags);
      case '[':
        return { type: 'class', cls: readClass(this, flags.i, flags.xx, this.groupCount) };
      case '.':
        this.pos++;
        return flags.s ? cls([], true) : cls(NEWLINE, true);
      case '^':
        this.pos++;
        return anchor(flags.m ? 'lineStart' : 'start');
      case '$':
        this.pos++;
        return anchor(flags.m ? 'lineEnd' : 'endOrFinalNewline');
      case '*':
      case '+':
      case '?':
        return this.fail('quantifier does not follow a repeatable item');
      case '{':
        if (this.braces() !== null) this.fail('quantifier does not follow a repeatable item');
        this.pos++;
        return { type: 'char', cp: 0x7b };
      case '\\':
        return this.escape(flags);
      default:
        return this.literal(this.next(), flags);
    }
  }

  private escape(flags: Flags): Node | null {
    const e = readEscape(this, false, this.groupCount);
    switch (e.kind) {
      case 'char':
        return this.literal(e.cp, flags);
      case 'set':
        return { type: 'class', cls: { negate: false, ranges: normalizeRanges(e.ranges), props: e.props, caseless: false } };
      case 'anchor':
        return anchor(e.anchor);
      case 'backref':
        return { type: 'backref', ref: this.ref(e.ref, false), caseless: flags.i };
      case 'call':
        return { type: 'call', ref: this.ref(e.ref, true) };
      case 'keep':
        if (this.lookDepth > 0) this.fail('\\K is not allowed in lookarounds (but see PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK)');
        return { type: 'keep' };
      case 'anyButNewline':
        return cls(NEWLINE, true);
      case 'newlineSequence':
        return { type: 'atomic', body: alt([seq([{ type: 'char', cp: 13 }, { type: 'char', cp: 10 }]), cls(VSPACE)]) };
      case 'grapheme':
        return graphemeCluster();
      case 'quote':
        this.quoting = true;
        return null;
      case 'endQuote':
        return null;
    }
  }

  /**
   * A `{n}`, `{n,}` or `{n,m}` quantifier here, or null when the brace is a literal. (`{,m}` and
   * spaces inside are PCRE2 10.43's; 10.42, as in Debian 12, reads them as literal text, as here.)
   */
  private braces(): { min: number; max: number; length: number } | null {
    const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? INFINITE : Number(m[3]);
    if (min > MAX_REPEAT || (max !== INFINITE && max > MAX_REPEAT)) this.fail('number too big in {} quantifier');
    if (max < min) this.fail('numbers out of order in {} quantifier');
    return { min, max, length: m[0].length };
  }

  private quantified(flags: Flags, atom: Node): Node {
    this.skipTrivia(flags);
    if (this.quoting) return atom;
    let min: number;
    let max: number;
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') {
      [min, max] = c === '*' ? [0, INFINITE] : c === '+' ? [1, INFINITE] : [0, 1];
      this.pos++;
    } else if (c === '{') {
      const b = this.braces();
      if (b === null) return atom;
      ({ min, max } = b);
      this.pos += b.length;
    } else {
      return atom;
    }
    let mode: 'greedy' | 'lazy' | 'possessive' = flags.U ? 'lazy' : 'greedy';
    if (this.eat('+')) mode = 'possessive';
    else if (this.eat('?')) mode = flags.U ? 'greedy' : 'lazy';
    const isAccept = atom.type === 'verb' && atom.verb === 'ACCEPT';
    if (atom.type === 'anchor' || atom.type === 'keep' || (atom.type === 'verb' && !isAccept)) {
      this.fail('quantifier does not follow a repeatable item', this.pos - 1);
    }
    if (atom.type === 'look' || isAccept) {
      // PCRE2: a quantified assertion is obeyed once ({1,…}), optional ({0,n}) or never ({0}).
      if (max === 0) return { type: 'empty' };
      return min === 0 ? { type: 'repeat', body: atom, min: 0, max: 1, mode } : atom;
    }
    return { type: 'repeat', body: atom, min, max, mode };
  }

  private ref(raw: RawRef, call: boolean): GroupRef {
    const ref: GroupRef = { groups: [], at: raw.at };
    if (raw.name !== undefined) ref.name = raw.name;
    else if (raw.relative !== undefined) {
      const n = raw.relative < 0 ? this.groupCount + 1 + raw.relative : this.groupCount + raw.relative;
      if (n <= 0) this.fail('reference to non-existent subpattern', raw.at);
      ref.groups = [n];
    } else ref.groups = [raw.num!];
    this.refs.push({ ref, call });
    return ref;
  }

  private resolveRefs(): void {
    for (const { ref, call } of this.refs) {
      if (ref.name !== undefined) {
        const groups = this.names.get(ref.name);
        if (!groups) this.fail('reference to non-existent subpattern', ref.at);
        ref.groups = call ? groups.slice(0, 1) : groups;
      } else if (ref.groups[0]! > this.groupCount || (!call && ref.groups[0] === 0)) {
        this.fail('reference to non-existent subpattern', ref.at);
      }
    }
  }

  /** The body of a group up to its `)`, read with a copy of the flags (they end with the group). */
  private body(flags: Flags, at: number, branchReset = false): Node {
    const alts = this.alternatives({ ...flags }, branchReset);
    if (!this.eat(')')) this.fail('missing closing parenthesis', at);
    return alt(alts);
  }

  private capture(flags: Flags, at: number, name?: string): Node {
    const n = ++this.groupCount;
    if (name !== undefined) {
      const existing = this.names.get(name);
      if (existing && !existing.includes(n) && !flags.J) this.fail('two named subpatterns have the same name (PCRE2_DUPNAMES not set)', at);
      this.names.set(name, [...(existing ?? []), n]);
    }
    return { type: 'group', capture: n, body: this.body(flags, at) };
  }

  private look(flags: Flags, at: number, behind: boolean, negate: boolean): Node {
    this.lookDepth++;
    const body = this.body(flags, at);
    this.lookDepth--;
    if (behind) this.checkLookbehind(body, at);
    return { type: 'look', behind, negate, body };
  }

  private checkLookbehind(body: Node, at: number): void {
    const alts = body.type === 'alt' ? body.alts : [body];
    for (const a of alts) {
      const [min, max] = lengthRange(a);
      if (max === INFINITE) this.fail('length of lookbehind assertion is not limited', at);
      if (max !== min && max > MAX_VARIABLE_LOOKBEHIND) this.fail('branch too long in variable-length lookbehind assertion', at);
      if (max > MAX_REPEAT) this.fail('lookbehind is too complicated', at);
    }
  }

  private group(flags: Flags): Node | null {
    const at = this.pos;
    if (this.at('(*')) return this.starGroup(flags, at);
    if (!this.eat('(?')) {
      this.pos++;
      return flags.n ? { type: 'nocapture', body: this.body(flags, at) } : this.capture(flags, at);
    }
    const named = this.match(new RegExp(`^(?:<(${NAME})>|'(${NAME})'|P<(${NAME})>)`));
    if (named) return this.capture(flags, at, named[1] ?? named[2] ?? named[3]);
    if (/^(?:<|'|P<)[0-9]/.test(this.src.slice(this.pos))) this.fail('subpattern name must start with a non-digit');
    if (this.eat(':')) return { type: 'nocapture', body: this.body(flags, at) };
    if (this.eat('|')) return { type: 'nocapture', body: this.body(flags, at, true) };
    if (this.eat('>')) return { type: 'atomic', body: this.body(flags, at) };
    if (this.eat('=')) return this.look(flags, at, false, false);
    if (this.eat('!')) return this.look(flags, at, false, true);
    if (this.eat('<=')) return this.look(flags, at, true, false);
    if (this.eat('<!')) return this.look(flags, at, true, true);
    const byName = this.match(new RegExp(`^(?:P=|P>|&)(${NAME})\\)`));
    if (byName) {
      const ref = this.ref({ name: byName[1]!, at }, !byName[0].startsWith('P='));
      return byName[0].startsWith('P=') ? { type: 'backref', ref, caseless: flags.i } : { type: 'call', ref };
    }
    if (this.eat('R)')) return { type: 'call', ref: this.ref({ num: 0, at }, true) };
    const num = this.match(/^([+-]?)(\d+)\)/);
    if (num) return { type: 'call', ref: this.ref(refFromNumber(this, num[1]!, num[2]!, at), true) };
    if (/^[+-]/.test(this.peek() ?? '') && !/^-[a-zA-Z)]/.test(this.src.slice(this.pos))) this.fail('digit expected after (?+ or (?-');
    if (this.eat('(')) return this.conditional(flags, at);
    if (this.at('C')) {
      const close = this.src.indexOf(')', this.pos);
      if (close < 0) this.fail('missing closing parenthesis for callout');
      this.pos = close + 1; // callouts do nothing without a callout function
      return null;
    }
    return this.flagGroup(flags, at);
  }

  private flagGroup(flags: Flags, at: number): Node | null {
    const m = this.match(/^(\^?)([imnsxUJ]*)(?:-([imnsxUJ]*))?([):])/);
    if (!m || (m[1] && m[3] !== undefined)) this.fail('unrecognized character after (? or (?-');
    const next = m[4] === ')' ? flags : { ...flags };
    if (m[1]) Object.assign(next, { i: false, m: false, n: false, s: false, x: false, xx: false });
    const on = m[2]!;
    for (const f of on) if (f !== 'x') next[f as 'i'] = true;
    if (on.includes('x')) Object.assign(next, { x: true, xx: (on.match(/x/g)?.length ?? 0) > 1 });
    for (const f of m[3] ?? '') {
      if (f === 'x') Object.assign(next, { x: false, xx: false });
      else next[f as 'i'] = false;
    }
    return m[4] === ')' ? null : { type: 'nocapture', body: this.body(next, at) };
  }

  private starGroup(flags: Flags, at: number): Node | null {
    const alpha = /^\(\*([a-z_]+):/.exec(this.src.slice(this.pos));
    const kind = alpha ? ALPHA_ASSERTION[alpha[1]!] : undefined;
    if (alpha && kind) {
      this.pos += alpha[0].length;
      if (kind.look) return this.look(flags, at, kind.look.behind, kind.look.negate);
      const body = this.body(flags, at);
      return kind.atomic ? { type: 'atomic', body } : { type: 'nocapture', body };
    }
    const verb = this.match(VERB);
    if (!verb) this.fail('(*VERB) not recognized or malformed');
    const [, name, arg] = verb;
    if ((name === 'MARK' || name === '') && !arg) this.fail('(*MARK) must have an argument', at);
    if (name === 'MARK' || name === '' || (name === 'SKIP' && arg)) return null; // marks are not kept
    return { type: 'verb', verb: (name === 'F' ? 'FAIL' : name) as Verb };
  }

  private conditional(flags: Flags, at: number): Node {
    let test: Condition;
    const rest = () => this.src.slice(this.pos);
    if (/^(?:\?[=!]|\?<[=!]|\*[a-z_]+:)/.test(rest())) {
      this.pos--; // back on the "(" of the assertion
      const look = this.group(flags);
      if (look?.type !== 'look') this.fail('assertion expected after (?( or (?(?C)', at);
      test = { kind: 'assert', look };
    } else {
      const num = this.match(/^([+-]?)(\d+)\)/);
      const named = num ? null : this.match(new RegExp(`^(?:<(${NAME})>|'(${NAME})')\\)`));
      const recursion = num || named ? null : this.match(new RegExp(`^R(?:(\\d+)|&(${NAME}))?\\)`));
      if (num) test = { kind: 'group', ref: this.ref(refFromNumber(this, num[1]!, num[2]!, at), false) };
      else if (named) test = { kind: 'group', ref: this.ref({ name: named[1] ?? named[2]!, at }, false) };
      else if (recursion) {
        const ref = recursion[1] ? this.ref({ num: Number(recursion[1]), at }, true) : recursion[2] ? this.ref({ name: recursion[2], at }, true) : null;
        test = { kind: 'recursion', ref };
      } else if (this.eat('DEFINE)')) test = { kind: 'define' };
      else if (this.match(/^VERSION>?=\d+(?:\.\d+)?\)/)) test = { kind: 'always' };
      else {
        const bare = this.match(new RegExp(`^(${NAME})\\)`));
        if (!bare) this.fail('assertion expected after (?( or (?(?C)', at);
        test = { kind: 'group', ref: this.ref({ name: bare[1]!, at }, false) };
      }
    }
    const alts = this.alternatives({ ...flags });
    if (!this.eat(')')) this.fail('missing closing parenthesis', at);
    if (alts.length > 2) this.fail('conditional subpattern contains more than two branches', at);
    if (test.kind === 'define' && alts.length > 1) this.fail('DEFINE subpattern contains more than one branch', at);
    return { type: 'cond', test, yes: alts[0]!, no: alts[1] ?? { type: 'empty' } };
  }
}
