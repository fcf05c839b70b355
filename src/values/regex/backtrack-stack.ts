// The backtracking matcher's stack: choice points to resume, undo records for captures and
// registers, and the markers of atomic groups and assertions. Flat Int32Array entries, STRIDE wide.
import { RegexLimitExceeded } from './errors.js';

export const STRIDE = 5; // [tag, a, b, c, d]
export const T_CHOICE = 0; // pc, pos, fp, alternation id
export const T_UNDO_CAP = 1; // slot, old value
export const T_UNDO_REG = 2; // register, old value
export const T_ATOMIC = 3;
export const T_LOOK = 4; // pos, pc when the body fails (-1: propagate), fp
export const T_REPEAT = 5; // pc of REPEAT_CHAR, pos, count, fp
export const T_BACK = 6; // pc of BACK, pos, count, fp
export const T_VERB = 7; // verb code, pos, alternation id

/** The stack's size limit (64 MB), like PCRE2's heap limit: beyond it the match gives up. */
const MAX_STACK = 16 << 20;

export class BacktrackStack {
  data = new Int32Array(1024);
  top = 0;

  push(tag: number, a: number, b: number, c: number, d: number, steps: number): void {
    const t = this.top;
    if (t + STRIDE > this.data.length) this.grow(steps);
    const s = this.data;
    s[t] = tag;
    s[t + 1] = a;
    s[t + 2] = b;
    s[t + 3] = c;
    s[t + 4] = d;
    this.top = t + STRIDE;
  }

  private grow(steps: number): void {
    if (this.data.length * 2 > MAX_STACK) throw new RegexLimitExceeded(steps);
    const bigger = new Int32Array(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
  }

  /** Index of the topmost entry with this tag (an atomic or assertion marker). */
  markerIndex(tag: number): number {
    const s = this.data;
    for (let t = this.top - STRIDE; t >= 0; t -= STRIDE) if (s[t] === tag) return t;
    throw new Error('internal: regex assertion marker missing');
  }

  /** Drop the entries from index `m` up, keeping the undo records (the choices made are final). */
  keepUndoFrom(m: number): void {
    const s = this.data;
    let write = m;
    for (let t = m + STRIDE; t < this.top; t += STRIDE) {
      const k = s[t];
      if (k !== T_UNDO_CAP && k !== T_UNDO_REG) continue;
      s.copyWithin(write, t, t + STRIDE);
      write += STRIDE;
    }
    this.top = write;
  }
}
