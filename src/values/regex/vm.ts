// The backtracking matcher for what RE2 cannot run (backreferences, lookaround, atomic groups,
// recursion…). State lives in flat arrays and an explicit backtrack stack (no JS recursion, so
// long subjects cannot overflow the stack), and every step counts against a limit: a hostile
// pattern and subject cost a bounded time, and the match then gives up as PCRE2 does.
import { STRIDE, T_ATOMIC, T_BACK, T_CHOICE, T_LOOK, T_REPEAT, T_VERB } from './backtrack-stack.js';
import { MAX_CALLS, MatcherState } from './matcher-state.js';
import { RegexLimitExceeded } from './errors.js';
import { Ins, MODE, OP, VERB_CODE } from './program.js';
import { anchorHolds, matchAgain, previous } from './subject.js';

export class Matcher extends MatcherState {
  /** Steps the last search took (for the benchmark). */
  get lastSteps(): number {
    return this.steps;
  }

  /** Try one start position; returns the capture slots (start/end pairs) on a match. */
  attempt(input: string, start: number, searchFrom: number, fresh: boolean): Int32Array | null {
    if (fresh) this.steps = 0;
    this.input = input;
    this.len = input.length;
    this.searchFrom = searchFrom;
    this.pc = 0;
    this.pos = start;
    this.fp = -1;
    this.bt.top = 0;
    this.frames = [];
    this.commit = false;
    this.skipTo = -1;
    this.caps.fill(-1);
    this.regs.fill(-1);
    this.caps[this.tempBase] = start;
    return this.run() ? this.caps.slice(0, this.tempBase) : null;
  }

  /** After a failed attempt: whether (*COMMIT) ended the whole search, and where (*SKIP) points. */
  get verdict(): { commit: boolean; skipTo: number } {
    return { commit: this.commit, skipTo: this.skipTo };
  }

  private run(): boolean {
    const code = this.prog.code;
    for (;;) {
      if (++this.steps > this.limit) throw new RegexLimitExceeded(this.steps);
      const ins = code[this.pc]!;
      const r = ins.op <= OP.REPEAT_CHAR ? this.consume(ins) : this.control(ins);
      if (r === 1) continue;
      if (r === 2) return true;
      if (!this.backtrack()) return false;
    }
  }

  /** Instructions that read the subject. 1: go on, 0: fail. */
  private consume(ins: Ins): number {
    const { input, pos } = this;
    switch (ins.op) {
      case OP.CHAR: {
        const cp = input.codePointAt(pos);
        if (cp !== ins.a) return 0;
        this.pos += cp > 0xffff ? 2 : 1;
        break;
      }
      case OP.STR:
        if (!input.startsWith(ins.s, pos)) return 0;
        this.pos += ins.s.length;
        break;
      case OP.CLASS: {
        if (pos >= this.len) return 0;
        const cp = input.codePointAt(pos)!;
        if (!ins.t!(cp)) return 0;
        this.pos += cp > 0xffff ? 2 : 1;
        break;
      }
      case OP.ANCHOR:
        if (!anchorHolds(input, pos, ins.a, this.searchFrom)) return 0;
        break;
      case OP.SPLIT:
        this.push(T_CHOICE, ins.b, pos, this.fp, ins.c);
        this.pc = ins.a;
        return 1;
      case OP.JMP:
        this.pc = ins.a;
        return 1;
      case OP.OPEN:
        this.setCap(this.tempBase + ins.a, pos);
        break;
      case OP.CLOSE:
        this.setCap(2 * ins.a, this.caps[this.tempBase + ins.a]!);
        this.setCap(2 * ins.a + 1, pos);
        if (this.fp >= 0 && this.frames[this.fp]!.group === ins.a) {
          this.returnFromCall();
          return 1;
        }
        break;
      case OP.REPEAT_CHAR:
        return this.repeatChar(ins);
    }
    this.pc++;
    return 1;
  }

  /** Everything else. 1: go on, 0: fail, 2: matched. */
  private control(ins: Ins): number {
    switch (ins.op) {
      case OP.LOOP_INIT:
        this.setReg(ins.a, 0);
        this.setReg(ins.a + 1, -1);
        break;
      case OP.LOOP:
        this.loop(ins);
        return 1;
      case OP.LOOP_ENTER:
        this.setReg(ins.a + 1, this.pos);
        break;
      case OP.LOOP_NEXT:
        this.setReg(ins.a, this.regs[ins.a]! + 1);
        this.pc = ins.b;
        return 1;
      case OP.ATOMIC:
        this.push(T_ATOMIC, 0, 0, 0, 0);
        break;
      case OP.CUT:
        this.cut(T_ATOMIC);
        break;
      case OP.LOOK:
        this.push(T_LOOK, this.pos, ins.a, this.fp, 0);
        break;
      case OP.LOOK_END:
        return this.lookEnd(ins);
      case OP.ORIGIN:
        this.setReg(ins.a, this.pos);
        break;
      case OP.BACK:
        return this.back(ins);
      case OP.AT_ORIGIN:
        if (this.pos !== this.regs[ins.a]) return 0;
        break;
      case OP.BACKREF:
        return this.backref(ins);
      case OP.CALL:
        return this.call(ins.a);
      case OP.IF_GROUP:
        this.pc = ins.g.some((g) => this.caps[2 * g + 1]! >= 0) ? this.pc + 1 : ins.a;
        return 1;
      case OP.IF_RECURSION: {
        const inside = this.fp >= 0 && (ins.a < 0 || this.frames[this.fp]!.group === ins.a);
        this.pc = inside ? this.pc + 1 : ins.b;
        return 1;
      }
      case OP.VERB:
        this.push(T_VERB, ins.a, this.pos, ins.b, ins.c >= 0 ? this.regs[ins.c]! : -1);
        break;
      case OP.ALT_MARK:
        this.setReg(ins.a, this.bt.top + STRIDE); // the height once this undo record is pushed
        break;
      case OP.KEEP:
        this.setCap(this.tempBase, this.pos);
        break;
      case OP.ACCEPT:
        return this.accept(ins);
      case OP.MATCH:
        return 2;
      default:
        return 0; // FAIL
    }
    this.pc++;
    return 1;
  }

  private repeatChar(ins: Ins): number {
    const { input, len } = this;
    const test = ins.t!;
    const max = ins.b < 0 ? Number.MAX_SAFE_INTEGER : ins.b;
    const want = ins.c === MODE.lazy ? ins.a : max;
    let pos = this.pos;
    let count = 0;
    while (count < want && pos < len) {
      const cp = input.codePointAt(pos)!;
      if (!test(cp)) break;
      pos += cp > 0xffff ? 2 : 1;
      count++;
    }
    this.steps += count;
    if (count < ins.a) return 0;
    if (ins.c === MODE.greedy ? count > ins.a : ins.c === MODE.lazy && count < max) this.push(T_REPEAT, this.pc, pos, count, this.fp);
    this.pos = pos;
    this.pc++;
    return 1;
  }

  /** Backtracking into a REPEAT_CHAR: give one back (greedy) or take one more (lazy). */
  private resumeRepeat(t: number): boolean {
    const s = this.bt.data;
    const pc = s[t + 1]!;
    const ins = this.prog.code[pc]!;
    let pos = s[t + 2]!;
    let count = s[t + 3]!;
    this.fp = s[t + 4]!;
    if (ins.c === MODE.greedy) {
      // Skip the positions where the literal that follows cannot match.
      const next = this.prog.code[pc + 1]!;
      const literal = next.op === OP.CHAR ? next.a : -1;
      do {
        pos = previous(this.input, pos);
        count--;
        this.steps++;
      } while (literal >= 0 && count > ins.a && this.input.codePointAt(pos) !== literal);
      if (count > ins.a) this.push(T_REPEAT, pc, pos, count, this.fp);
    } else {
      if (pos >= this.len) return false;
      const cp = this.input.codePointAt(pos)!;
      if (!ins.t!(cp)) return false;
      pos += cp > 0xffff ? 2 : 1;
      count++;
      if (ins.b < 0 || count < ins.b) this.push(T_REPEAT, pc, pos, count, this.fp);
    }
    this.pos = pos;
    this.pc = pc + 1;
    return true;
  }

  private loop(ins: Ins): void {
    const count = this.regs[ins.a]!;
    // PCRE2 runs {n,m} as copies of the group (n, then m-n nested optional ones), and {n,} as n-1
    // copies and a loop that stops after an iteration that matched nothing: only that loop (from
    // iteration max(n,1) on) checks for empty iterations.
    const emptyLoopIteration = ins.c < 0 && count > 0 && count >= ins.b && this.regs[ins.a + 1] === this.pos;
    if (emptyLoopIteration || (ins.c >= 0 && count >= ins.c)) {
      this.pc = ins.f;
    } else if (count < ins.b) {
      this.pc = ins.e;
    } else if (ins.d === MODE.greedy) {
      this.push(T_CHOICE, ins.f, this.pos, this.fp, -1);
      this.pc = ins.e;
    } else {
      this.push(T_CHOICE, ins.e, this.pos, this.fp, -1);
      this.pc = ins.f;
    }
  }

  /** Lookbehind: step back `min` characters, and remember to try up to `max`. */
  private back(ins: Ins): number {
    let pos = this.pos;
    for (let i = 0; i < ins.a; i++) {
      if (pos === 0) return 0;
      pos = previous(this.input, pos);
    }
    if (ins.b > ins.a && pos > 0) this.push(T_BACK, this.pc, pos, ins.a, this.fp);
    this.pos = pos;
    this.pc++;
    return 1;
  }

  private resumeBack(t: number): boolean {
    const s = this.bt.data;
    const pc = s[t + 1]!;
    const pos = previous(this.input, s[t + 2]!);
    const count = s[t + 3]! + 1;
    this.fp = s[t + 4]!;
    if (count < this.prog.code[pc]!.b && pos > 0) this.push(T_BACK, pc, pos, count, this.fp);
    this.pos = pos;
    this.pc = pc + 1;
    return true;
  }

  private backref(ins: Ins): number {
    const g = ins.g.find((n) => this.caps[2 * n + 1]! >= 0);
    if (g === undefined) return 0; // an unset group matches nothing
    const start = this.caps[2 * g]!;
    const end = this.caps[2 * g + 1]!;
    const after = matchAgain(this.input, this.pos, start, end, ins.a === 1);
    if (after < 0) return 0;
    this.steps += end - start;
    this.pos = after;
    this.pc++;
    return 1;
  }

  private call(group: number): number {
    const target = this.prog.groupStart[group]!;
    if (this.frames.length >= MAX_CALLS) throw new RegexLimitExceeded(this.steps);
    this.frames.push({ parent: this.fp, group, returnPc: this.pc + 1, caps: this.caps.slice(), regs: this.regs.slice() });
    this.fp = this.frames.length - 1;
    this.pc = target;
    return 1;
  }

  /** Back to the caller; the captures and loop counters revert to their values before the call. */
  private returnFromCall(): void {
    const frame = this.frames[this.fp]!;
    for (let i = 0; i < frame.caps.length; i++) if (this.caps[i] !== frame.caps[i]) this.setCap(i, frame.caps[i]!);
    for (let i = 0; i < frame.regs.length; i++) if (this.regs[i] !== frame.regs[i]) this.setReg(i, frame.regs[i]!);
    this.pc = frame.returnPc;
    this.fp = frame.parent;
  }

  private accept(ins: Ins): number {
    if (ins.a >= 0) {
      this.pc = ins.a; // ends the assertion it is in, which holds
      return 1;
    }
    for (const g of ins.g) {
      this.setCap(2 * g, this.caps[this.tempBase + g]!);
      this.setCap(2 * g + 1, this.pos);
    }
    if (this.fp >= 0) {
      this.returnFromCall();
      return 1;
    }
    this.setCap(0, this.caps[this.tempBase]!);
    this.setCap(1, this.pos);
    return 2;
  }

  private lookEnd(ins: Ins): number {
    const m = this.bt.markerIndex(T_LOOK);
    const s = this.bt.data;
    const pos = s[m + 1]!;
    if (ins.a === 0) {
      this.cut(T_LOOK);
      this.pos = pos;
      this.pc++;
      return 1;
    }
    // A negative assertion whose body matched: undo the body, then fail (or take the "no" branch).
    this.unwindTo(m);
    if (ins.b < 0) return 0;
    this.pos = pos;
    this.pc = ins.b;
    return 1;
  }

  /** Pop to the last choice and resume there; false when none is left (this start fails). */
  private backtrack(): boolean {
    const s = this.bt.data;
    while (this.bt.top > 0) {
      if (++this.steps > this.limit) throw new RegexLimitExceeded(this.steps);
      this.bt.top -= STRIDE;
      const t = this.bt.top;
      switch (s[t]) {
        case T_CHOICE:
          this.pc = s[t + 1]!;
          this.pos = s[t + 2]!;
          this.fp = s[t + 3]!;
          return true;
        case T_LOOK:
          if (s[t + 2]! < 0) break;
          this.pos = s[t + 1]!;
          this.pc = s[t + 2]!;
          this.fp = s[t + 3]!;
          return true;
        case T_REPEAT:
          if (this.resumeRepeat(t)) return true;
          break;
        case T_BACK:
          if (this.resumeBack(t)) return true;
          break;
        case T_VERB:
          if (!this.verbReached(t)) return false;
          break;
        default:
          this.undo(t);
      }
    }
    return false;
  }

  /**
   * Backtracking onto a verb. Inside an assertion it only fails the assertion's body (returns true:
   * go on backtracking from the assertion's marker). Otherwise COMMIT ends the search, PRUNE this
   * start, SKIP this start with the next one where the verb was; THEN fails the alternative it is in,
   * going on with the next one, or when there is none with what came before the alternation.
   */
  private verbReached(t: number): boolean {
    const s = this.bt.data;
    const code = s[t + 1]!;
    const altStart = code === VERB_CODE.THEN ? s[t + 4]! : -1;
    for (let u = t - STRIDE; u >= altStart && u >= 0; u -= STRIDE) {
      if (s[u] === T_LOOK) {
        this.unwindTo(u + STRIDE);
        return true;
      }
    }
    if (altStart >= 0) {
      const nextAlternative = altStart < t && s[altStart] === T_CHOICE && s[altStart + 4] === s[t + 3];
      this.unwindTo(nextAlternative ? altStart + STRIDE : altStart);
      return true;
    }
    if (code === VERB_CODE.COMMIT) this.commit = true;
    if (code === VERB_CODE.SKIP) this.skipTo = s[t + 2]!;
    return false;
  }
}
