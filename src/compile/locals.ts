// Closures that read, write and reset a subroutine's local slots. Those of the first slots are shared by
// every program: a closure over a slot number alone does the same in any program, and a large service
// has thousands of `declare local`, `var.x` reads and `set var.x += …` (each would keep a closure).
import type { RequestContext } from '../values/context.js';
import type { Value } from '../values/values.js';

type Read = (ctx: RequestContext) => Value;
type Write = (ctx: RequestContext, v: Value) => void;
type Reset = (ctx: RequestContext) => undefined;

/** Subroutines declare a few locals each: slots past these get closures of their own. */
const SHARED_SLOTS = 64;

const readers: Read[] = [];
const writers: Write[] = [];
/** By slot, then by the zero value written (null, false or 0). */
const resetters: Map<Value, Reset>[] = [];

// Each closure is made by a function of its own: made in a function that also looks it up, its scope
// would be made on every call, found or not.

export function localReader(slot: number): Read {
  return slot < SHARED_SLOTS ? (readers[slot] ??= reads(slot)) : reads(slot);
}

export function localWriter(slot: number): Write {
  return slot < SHARED_SLOTS ? (writers[slot] ??= writes(slot)) : writes(slot);
}

/** `declare local var.x T;` or `unset var.x;`: the slot gets its type's zero value, a primitive. */
export function resetLocal(slot: number, zero: Value): Reset {
  if (slot >= SHARED_SLOTS) return resets(slot, zero);
  const bySlot = (resetters[slot] ??= new Map());
  let reset = bySlot.get(zero);
  if (reset === undefined) bySlot.set(zero, (reset = resets(slot, zero)));
  return reset;
}

function reads(slot: number): Read {
  return (ctx) => ctx.frame[slot] as Value;
}

function writes(slot: number): Write {
  return (ctx, v) => {
    ctx.frame[slot] = v;
  };
}

function resets(slot: number, zero: Value): Reset {
  return (ctx) => {
    ctx.frame[slot] = zero;
    return undefined;
  };
}
