// What the checker knows while inside one subroutine: its name, the subroutines it runs in, its locals.
import type { Scope } from '../values/context.js';
import type { IdentResolution } from './info.js';

/** A local variable: also the resolution of every use of it. */
export type LocalVariable = Extract<IdentResolution, { kind: 'local' }>;

/** What the checker knows while inside one subroutine. */
export interface SubEnv {
  name: string;
  scopes: ReadonlySet<Scope>;
  locals: Map<string, LocalVariable>;
  nextSlot: number;
}
