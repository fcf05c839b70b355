// The words of the language that the parser must know before any table: type names and the
// lifecycle's return states. builtins/subroutines.ts says which states each subroutine allows.
import type { TypeName } from './ast.js';

/** The names a type may have (`declare local var.x STRING`, `sub f BOOL`, `table t INTEGER`). */
export const TYPE_NAMES: ReadonlySet<string> = new Set<TypeName>([
  'ACL', 'BACKEND', 'BOOL', 'FLOAT', 'ID', 'INTEGER', 'IP', 'REGEX', 'RTIME', 'STRING', 'TIME', 'VOID',
]);

/** `return(x)` / `return x` with one of these names is a lifecycle state, anything else a value. */
export const RETURN_STATE_NAMES = [
  'lookup', 'pass', 'error', 'restart', 'upgrade', 'hash', 'deliver', 'fetch', 'deliver_stale', 'hit_for_pass', 'pipe',
] as const;
export type ReturnState = (typeof RETURN_STATE_NAMES)[number];
export const RETURN_STATES: ReadonlySet<string> = new Set<string>(RETURN_STATE_NAMES);
