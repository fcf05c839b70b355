// Compiling a parsed pattern into instructions for the backtracking matcher (vm.ts).
import { INFINITE, walk, type Node, type Verb } from './ast.js';
import { compileClassTest, type CharTest } from './char-sets.js';
import { lengthRange } from './analysis.js';

export const OP = {
  CHAR: 0, // a: code point
  STR: 1, // s: literal text
  CLASS: 2, // t: test
  ANCHOR: 3, // a: AnchorCode
  SPLIT: 4, // a: first target, b: second target (pushed), c: alternation id (for THEN) or -1
  JMP: 5, // a: target
  OPEN: 6, // a: group
  CLOSE: 7, // a: group
  REPEAT_CHAR: 8, // t: test, a: min, b: max, c: Mode
  LOOP_INIT: 9, // a: register pair
  LOOP: 10, // a: register pair, b: min, c: max, d: Mode; e: body entry, f: exit
  LOOP_ENTER: 11, // a: register pair
  LOOP_NEXT: 12, // a: register pair, b: LOOP's pc
  ATOMIC: 13,
  CUT: 14,
  LOOK: 15, // a: pc to resume when the body fails (-1: the failure propagates)
  LOOK_END: 16, // a: negate (0/1), b: where a negative assertion whose body matched goes (-1: fail)
  ORIGIN: 17, // a: register
  BACK: 18, // a: min, b: max
  AT_ORIGIN: 19, // a: register
  BACKREF: 20, // g: groups, a: caseless (0/1)
  CALL: 21, // a: group
  IF_GROUP: 22, // g: groups, a: else target
  IF_RECURSION: 23, // a: group (-1: any), b: else target
  VERB: 24, // a: VerbCode, b: alternation id, c: register holding where that alternation began (THEN)
  KEEP: 25,
  ACCEPT: 26, // a: pc of the enclosing LOOK_END or -1, g: enclosing capture groups
  MATCH: 27,
  FAIL: 28,
  ALT_MARK: 29, // a: register to note the stack height in (where (*THEN) backtracks to)
} as const;

export const MODE = { greedy: 0, lazy: 1, possessive: 2 } as const;
export const ANCHOR = { start: 0, lineStart: 1, end: 2, endOrFinalNewline: 3, lineEnd: 4, wordBoundary: 5, notWordBoundary: 6, searchStart: 7 } as const;
export const VERB_CODE: Record<Exclude<Verb, 'ACCEPT' | 'FAIL'>, number> = { COMMIT: 0, PRUNE: 1, SKIP: 2, THEN: 3 };

/** One instruction: every field present so V8 sees one shape. */
export class Ins {
  a = -1;
  b = -1;
  c = -1;
  d = -1;
  e = -1;
  f = -1;
  s = '';
  t: CharTest | null = null;
  g: number[] = [];
  constructor(readonly op: number) {}
}

export interface Program {
  code: Ins[];
  groupCount: number;
  /** Where each group's OPEN is (calls jump there); group 0 starts at 0. */
  groupStart: number[];
  registers: number;
}

class Compiler {
  readonly code: Ins[] = [];
  readonly groupStart: number[] = [0];
  registers = 0;
  private alternationIds = 0;
  private alternation = -1;
  /** The register ALT_MARK fills for the innermost alternation holding a (*THEN), or -1. */
  private thenRegister = -1;
  private openGroups: number[] = [];
  /** ACCEPTs waiting for the pc of their assertion's end. */
  private acceptsInLook: Ins[][] = [];

  emit(op: number, fill: Partial<Ins> = {}): Ins {
    const ins = Object.assign(new Ins(op), fill);
    this.code.push(ins);
    return ins;
  }

  get pc(): number {
    return this.code.length;
  }

  node(n: Node): void {
    switch (n.type) {
      case 'empty':
        return;
      case 'char':
        this.emit(OP.CHAR, { a: n.cp });
        return;
      case 'class':
        this.emit(OP.CLASS, { t: compileClassTest(n.cls) });
        return;
      case 'seq':
        this.sequence(n.items);
        return;
      case 'alt':
        this.alternatives(n.alts);
        return;
      case 'group':
        this.group(n.capture, n.body);
        return;
      case 'nocapture':
        this.node(n.body);
        return;
      case 'repeat':
        this.repeat(n);
        return;
      case 'anchor':
        this.emit(OP.ANCHOR, { a: ANCHOR[n.kind] });
        return;
      case 'look':
        this.look(n.behind, n.negate, n.body);
        return;
      case 'atomic':
        this.emit(OP.ATOMIC);
        this.node(n.body);
        this.emit(OP.CUT);
        return;
      case 'backref':
        this.emit(OP.BACKREF, { g: n.ref.groups, a: n.caseless ? 1 : 0 });
        return;
      case 'call':
        this.emit(OP.CALL, { a: n.ref.groups[0]! });
        return;
      case 'cond':
        this.conditional(n);
        return;
      case 'verb':
        this.verb(n.verb);
        return;
      case 'keep':
        this.emit(OP.KEEP);
        return;
    }
  }

  /** Runs of plain characters become one string comparison. */
  private sequence(items: Node[]): void {
    let text = '';
    const flush = () => {
      if (text.length === 1) this.emit(OP.CHAR, { a: text.charCodeAt(0) });
      else if (text) this.emit(OP.STR, { s: text });
      text = '';
    };
    for (const item of items) {
      if (item.type === 'char') {
        text += String.fromCodePoint(item.cp);
        continue;
      }
      flush();
      this.node(item);
    }
    flush();
  }

  private alternatives(alts: Node[]): void {
    const outer = this.alternation;
    const outerThen = this.thenRegister;
    this.alternation = this.alternationIds++;
    if (alts.some((a) => [...walk(a)].some((n) => n.type === 'verb' && n.verb === 'THEN'))) {
      this.thenRegister = this.registers++;
      this.emit(OP.ALT_MARK, { a: this.thenRegister });
    }
    const jumps: Ins[] = [];
    alts.forEach((a, i) => {
      const last = i === alts.length - 1;
      const split = last ? null : this.emit(OP.SPLIT, { c: this.alternation });
      if (split) split.a = this.pc;
      this.node(a);
      if (!last) jumps.push(this.emit(OP.JMP));
      if (split) split.b = this.pc;
    });
    for (const j of jumps) j.a = this.pc;
    this.alternation = outer;
    this.thenRegister = outerThen;
  }

  private group(n: number, body: Node): void {
    this.groupStart[n] = this.pc;
    this.emit(OP.OPEN, { a: n });
    this.openGroups.push(n);
    this.node(body);
    this.openGroups.pop();
    this.emit(OP.CLOSE, { a: n });
  }

  private repeat(n: Extract<Node, { type: 'repeat' }>): void {
    if (n.max === 0) {
      // Matches nothing, but a group inside may still be called: keep its code, jump over it.
      const skip = this.emit(OP.JMP);
      this.node(n.body);
      skip.a = this.pc;
      return;
    }
    const single = singleCharTest(n.body);
    if (single) {
      this.emit(OP.REPEAT_CHAR, { t: single, a: n.min, b: n.max === INFINITE ? -1 : n.max, c: MODE[n.mode] });
      return;
    }
    if (n.mode === 'possessive') {
      this.emit(OP.ATOMIC);
      this.repeat({ ...n, mode: 'greedy' });
      this.emit(OP.CUT);
      return;
    }
    if (n.min === 0 && n.max === 1) {
      const split = this.emit(OP.SPLIT);
      const bodyAt = this.pc;
      this.node(n.body);
      [split.a, split.b] = n.mode === 'greedy' ? [bodyAt, this.pc] : [this.pc, bodyAt];
      return;
    }
    const reg = this.registers;
    this.registers += 2; // iteration count, where the current iteration started
    this.emit(OP.LOOP_INIT, { a: reg });
    const loopAt = this.pc;
    const loop = this.emit(OP.LOOP, { a: reg, b: n.min, c: n.max === INFINITE ? -1 : n.max, d: MODE[n.mode] });
    loop.e = this.pc;
    this.emit(OP.LOOP_ENTER, { a: reg });
    this.node(n.body);
    this.emit(OP.LOOP_NEXT, { a: reg, b: loopAt });
    loop.f = this.pc;
  }

  /** An assertion. A negative one resumes after its end when the body fails. Returns its end. */
  private look(behind: boolean, negate: boolean, body: Node): Ins {
    const start = this.emit(OP.LOOK);
    const accepts: Ins[] = [];
    this.acceptsInLook.push(accepts);
    if (behind) this.lookbehindBody(body);
    else this.node(body);
    this.acceptsInLook.pop();
    const end = this.emit(OP.LOOK_END, { a: negate ? 1 : 0 });
    for (const a of accepts) a.a = this.pc - 1;
    if (negate) start.a = this.pc; // the body failing is the assertion holding
    return end;
  }

  private lookbehindBody(body: Node): void {
    const reg = this.registers++;
    this.emit(OP.ORIGIN, { a: reg });
    const alts = body.type === 'alt' ? body.alts : [body];
    const outer = this.alternation;
    this.alternation = this.alternationIds++;
    const jumps: Ins[] = [];
    alts.forEach((a, i) => {
      const last = i === alts.length - 1;
      const split = last ? null : this.emit(OP.SPLIT, { c: this.alternation });
      if (split) split.a = this.pc;
      const [min, max] = lengthRange(a);
      this.emit(OP.BACK, { a: min, b: max });
      this.node(a);
      this.emit(OP.AT_ORIGIN, { a: reg });
      if (!last) jumps.push(this.emit(OP.JMP));
      if (split) split.b = this.pc;
    });
    for (const j of jumps) j.a = this.pc;
    this.alternation = outer;
  }

  private conditional(n: Extract<Node, { type: 'cond' }>): void {
    const test = n.test;
    let toElse: Ins | null = null;
    let negativeHeld: Ins | null = null;
    if (test.kind === 'define') {
      const skip = this.emit(OP.JMP);
      this.node(n.yes);
      skip.a = this.pc;
      return;
    }
    if (test.kind === 'group') toElse = this.emit(OP.IF_GROUP, { g: test.ref.groups });
    else if (test.kind === 'recursion') toElse = this.emit(OP.IF_RECURSION, { a: test.ref ? test.ref.groups[0]! : -1 });
    else if (test.kind === 'assert') {
      const { behind, negate, body } = test.look;
      const lookStart = this.pc;
      const end = this.look(behind, negate, body);
      // Positive: the body failing means "no". Negative: the body matching means "no".
      if (negate) negativeHeld = end;
      else toElse = this.code[lookStart]!;
    }
    this.node(n.yes);
    const skipNo = this.emit(OP.JMP);
    const elseAt = this.pc;
    if (toElse) {
      if (toElse.op === OP.IF_RECURSION) toElse.b = elseAt;
      else toElse.a = elseAt;
    }
    if (negativeHeld) negativeHeld.b = elseAt;
    this.node(n.no);
    skipNo.a = this.pc;
  }

  private verb(v: Verb): void {
    if (v === 'FAIL') this.emit(OP.FAIL);
    else if (v === 'ACCEPT') {
      const ins = this.emit(OP.ACCEPT, { g: [...this.openGroups] });
      this.acceptsInLook[this.acceptsInLook.length - 1]?.push(ins);
    } else this.emit(OP.VERB, { a: VERB_CODE[v], b: this.alternation, c: this.thenRegister });
  }
}

/** The test for a body that is one character (so its repeat needs no general loop). */
function singleCharTest(body: Node): CharTest | null {
  if (body.type === 'char') {
    const cp = body.cp;
    return (c) => c === cp;
  }
  if (body.type === 'class') return compileClassTest(body.cls);
  if (body.type === 'nocapture') return singleCharTest(body.body);
  return null;
}

export function compileProgram(root: Node, groupCount: number): Program {
  const c = new Compiler();
  c.node(root);
  c.emit(OP.CLOSE, { a: 0 });
  c.emit(OP.MATCH);
  for (let g = 0; g <= groupCount; g++) c.groupStart[g] ??= -1;
  return { code: c.code, groupCount, groupStart: c.groupStart, registers: c.registers };
}

