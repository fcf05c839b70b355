// How a statement tells its enclosing block to stop: the closure returns a Signal, or undefined to go on.
// Plain return values instead of exceptions keep the per-request path cheap.
import type { Value } from '../values/values.js';

export type Signal =
  | { kind: 'return'; state: string | null; value: Value | undefined }
  | { kind: 'error'; status: number; response: string | null }
  | { kind: 'restart' }
  | { kind: 'goto'; label: string }
  | { kind: 'break' }
  | { kind: 'fallthrough' };

export const BARE_RETURN: Signal = { kind: 'return', state: null, value: undefined };
export const RESTART: Signal = { kind: 'restart' };
export const BREAK: Signal = { kind: 'break' };
export const FALLTHROUGH: Signal = { kind: 'fallthrough' };

const stateSignals = new Map<string, Signal>();
/** One shared signal object per state, so `return(pass)` allocates nothing. */
export function returnState(state: string): Signal {
  let s = stateSignals.get(state);
  if (!s) stateSignals.set(state, (s = { kind: 'return', state, value: undefined }));
  return s;
}
