// Fastly's request-lifecycle table: the return states each built-in subroutine allows, its default,
// and where the state-changing statements may appear. The checker enforces it; the runtime follows it.
import type { ReturnState } from '../ast/vocabulary.js';
import type { Scope } from '../values/context.js';

export interface SubRules {
  /** The state taken when the subroutine ends without a return. */
  defaultState: ReturnState;
  /** Every state `return(state)` may name here (the default included). */
  states: readonly ReturnState[];
}

export const SUB_RULES: Readonly<Record<Scope, SubRules>> = {
  recv: { defaultState: 'lookup', states: ['lookup', 'pass', 'error', 'restart', 'upgrade', 'pipe'] },
  hash: { defaultState: 'hash', states: ['hash'] },
  hit: { defaultState: 'deliver', states: ['deliver', 'pass', 'error', 'restart'] },
  miss: { defaultState: 'fetch', states: ['fetch', 'deliver_stale', 'pass', 'error'] },
  pass: { defaultState: 'pass', states: ['pass', 'error'] },
  fetch: { defaultState: 'deliver', states: ['deliver', 'deliver_stale', 'pass', 'hit_for_pass', 'error', 'restart'] },
  error: { defaultState: 'deliver', states: ['deliver', 'deliver_stale', 'restart'] },
  deliver: { defaultState: 'deliver', states: ['deliver', 'restart'] },
  log: { defaultState: 'deliver', states: ['deliver'] },
  // Varnish 2.1's pipe, which Fastly's VCL derives from: the request goes to the backend as is.
  pipe: { defaultState: 'pipe', states: ['pipe'] },
};

/** Statements that change the request's course, and the subroutines they may appear in. */
export const STATEMENT_SCOPES: Readonly<Record<'error' | 'restart' | 'synthetic' | 'esi', readonly Scope[]>> = {
  error: ['recv', 'hit', 'miss', 'pass', 'fetch'],
  restart: ['recv', 'hit', 'fetch', 'error', 'deliver'],
  synthetic: ['error'],
  esi: ['fetch'],
};

/** Every state some subroutine may return. */
export const ALL_STATES: ReadonlySet<string> = new Set(Object.values(SUB_RULES).flatMap((r) => r.states));

/** The scope of a built-in subroutine name (`vcl_recv` → `recv`), or null for a custom one. */
const BUILTIN_SUBS: ReadonlyMap<string, Scope> = new Map(Object.keys(SUB_RULES).map((s) => [`vcl_${s}`, s as Scope]));
export function scopeOfSub(name: string): Scope | null {
  return BUILTIN_SUBS.get(name) ?? null;
}

/** Fastly restarts a request at most three times; the fourth gives a 503. */
export const MAX_RESTARTS = 3;
