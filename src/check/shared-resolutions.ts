// One resolution object per function, subroutine and declared name, shared by all their uses. The
// checker stores a resolution on every identifier it checks; sharing them keeps a check from making
// an object per use, memory the garbage collector would copy. They are frozen: one is seen from many nodes.
import type { FunctionSpec } from '../builtins/functions/types.js';
import type { CallResolution, IdentResolution } from './info.js';

type NamedKind = 'backend' | 'acl' | 'table' | 'word';

export class SharedResolutions {
  private readonly byKind: Record<NamedKind, Map<string, IdentResolution>> = {
    backend: new Map(),
    acl: new Map(),
    table: new Map(),
    word: new Map(),
  };
  private readonly functions = new Map<FunctionSpec, CallResolution>();
  private readonly subs = new Map<string, CallResolution>();

  named(kind: NamedKind, name: string): IdentResolution {
    const known = this.byKind[kind];
    let resolution = known.get(name);
    if (resolution === undefined) {
      resolution = Object.freeze({ kind, name }) as IdentResolution;
      known.set(name, resolution);
    }
    return resolution;
  }

  function(spec: FunctionSpec): CallResolution {
    let resolution = this.functions.get(spec);
    if (resolution === undefined) this.functions.set(spec, (resolution = Object.freeze({ kind: 'function', spec })));
    return resolution;
  }

  sub(name: string): CallResolution {
    let resolution = this.subs.get(name);
    if (resolution === undefined) this.subs.set(name, (resolution = Object.freeze({ kind: 'sub', name })));
    return resolution;
  }
}
