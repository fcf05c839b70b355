// The backtracking matcher's state, and the changes to it that backtracking must undo: capture
// slots and registers are set through setCap/setReg, which log the old value on the stack.
import { BacktrackStack, STRIDE, T_UNDO_CAP, T_UNDO_REG } from './backtrack-stack.js';
import type { Program } from './program.js';

/** Nested calls ((?R), (?1)) one match may make; beyond it the match gives up like the step limit. */
export const MAX_CALLS = 50_000;

export interface Frame {
  parent: number;
  group: number;
  returnPc: number;
  caps: Int32Array;
  regs: Int32Array;
}

export class MatcherState {
  protected input = '';
  protected len = 0;
  protected pc = 0;
  protected pos = 0;
  protected fp = -1;
  protected searchFrom = 0;
  protected readonly caps: Int32Array;
  protected readonly regs: Int32Array;
  /** Where group n's start is kept until the group closes (a backreference sees the last whole one). */
  protected readonly tempBase: number;
  protected readonly bt = new BacktrackStack();
  protected frames: Frame[] = [];
  protected steps = 0;
  /** Set when a verb ends the attempt: COMMIT ends the search, SKIP moves the next start. */
  protected commit = false;
  protected skipTo = -1;

  constructor(
    protected readonly prog: Program,
    protected readonly limit: number,
  ) {
    const slots = 2 * (prog.groupCount + 1);
    this.tempBase = slots;
    this.caps = new Int32Array(slots + prog.groupCount + 1);
    this.regs = new Int32Array(prog.registers);
  }

  /** Close an atomic group or a positive assertion: its choices are dropped, its captures kept. */
  protected cut(tag: number): void {
    this.bt.keepUndoFrom(this.bt.markerIndex(tag));
  }

  /** Apply the undo record at `t` (other entries need no undoing). */
  protected undo(t: number): void {
    const s = this.bt.data;
    if (s[t] === T_UNDO_CAP) this.caps[s[t + 1]!] = s[t + 2]!;
    else if (s[t] === T_UNDO_REG) this.regs[s[t + 1]!] = s[t + 2]!;
  }

  /** Pop every entry above `height`, undoing what they record. */
  protected unwindTo(height: number): void {
    while (this.bt.top > height) {
      this.bt.top -= STRIDE;
      this.undo(this.bt.top);
    }
  }

  protected push(tag: number, a: number, b: number, c: number, d: number): void {
    this.bt.push(tag, a, b, c, d, this.steps);
  }

  protected setCap(slot: number, value: number): void {
    this.push(T_UNDO_CAP, slot, this.caps[slot]!, 0, 0);
    this.caps[slot] = value;
  }

  protected setReg(reg: number, value: number): void {
    this.push(T_UNDO_REG, reg, this.regs[reg]!, 0, 0);
    this.regs[reg] = value;
  }
}
