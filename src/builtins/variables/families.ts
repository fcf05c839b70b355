// Variables with a name inside: `req.http.%any%` (a header), `backend.%any%.healthy` (a declared
// backend), `director.%any%.healthy`, `ratecounter.%any%.rate.10s`… A family is one table entry; a use
// such as `backend.F_origin.healthy` resolves to a VariableSpec bound to that name, made once when the
// program is checked, so a request reads it with no lookup. The checker then requires the name to be
// declared as one of the family's declaration kinds (backend, director, ratecounter, penaltybox).
import type { TypeName } from '../../ast/ast.js';
import type { RequestContext, Scope } from '../../values/context.js';
import type { HeaderScope } from '../../values/function-context.js';
import type { Value } from '../../values/values.js';
import type { VariableSpec } from './spec.js';

/** A header family: `req.http.` followed by a header name, optionally `:subfield`. */
export interface HeaderFamilySpec {
  prefix: string; // 'req.http.'
  scope: HeaderScope;
  read: readonly Scope[];
  write: readonly Scope[];
  doc: string;
}

/** A header variable reference split into its parts: `req.http.Cookie:session`. */
export interface HeaderVariable {
  family: HeaderFamilySpec;
  header: string; // 'Cookie' (a trailing `*` marks a prefix wildcard for unset)
  subfield: string | null; // 'session'
}

/** The declarations a family's name may refer to. */
export type DeclaredKind = 'backend' | 'director' | 'ratecounter' | 'penaltybox';

/** A family whose name part is a declared object: `backend.%any%.healthy`. */
export interface NamedFamilySpec {
  /** As Fastly's table writes it: `%any%` marks the name. */
  pattern: string;
  /** What the name must be declared as (any one of these). */
  declared: readonly DeclaredKind[];
  type: TypeName;
  read: readonly Scope[];
  write: readonly Scope[];
  doc: string;
  local?: string;
  /** Read the value for the object named `name`. */
  get(ctx: RequestContext, name: string): Value;
}

/** A use of a named family: the declared name it needs, and the variable bound to that name. */
export interface NamedVariable {
  family: NamedFamilySpec;
  /** The name part as written (`F_origin` in `backend.F_origin.healthy`). */
  name: string;
  spec: VariableSpec;
}

/** The name part of a family use: an identifier (no dots, so `backend.conn.is_tls` is never a family). */
const NAME_PART = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Matches uses of a set of named families; built once from the table. */
export class NamedFamilies {
  private readonly byPrefix = new Map<string, { suffix: string; family: NamedFamilySpec }[]>();

  constructor(families: readonly NamedFamilySpec[]) {
    for (const family of families) {
      const at = family.pattern.indexOf('%any%');
      if (at < 0) throw new Error(`internal: family ${family.pattern} has no %any%`);
      const prefix = family.pattern.slice(0, at).toLowerCase();
      const suffix = family.pattern.slice(at + '%any%'.length).toLowerCase();
      const list = this.byPrefix.get(prefix) ?? [];
      list.push({ suffix, family });
      this.byPrefix.set(prefix, list);
    }
  }

  /** `backend.F_origin.healthy` → the healthy family bound to F_origin; undefined when no family matches. */
  resolve(name: string): NamedVariable | undefined {
    const lower = name.toLowerCase();
    const dot = lower.indexOf('.');
    if (dot < 0) return undefined;
    const candidates = this.byPrefix.get(lower.slice(0, dot + 1));
    if (!candidates) return undefined;
    for (const { suffix, family } of candidates) {
      if (!lower.endsWith(suffix) || lower.length <= dot + 1 + suffix.length) continue;
      const part = name.slice(dot + 1, name.length - suffix.length);
      if (NAME_PART.test(part)) return { family, name: part, spec: bind(family, part, name) };
    }
    return undefined;
  }
}

/** The family's entry for one name: a plain VariableSpec, so the compiler treats it like any other. */
function bind(family: NamedFamilySpec, part: string, fullName: string): VariableSpec {
  const read = family.get;
  return {
    name: fullName,
    type: family.type,
    read: family.read,
    write: family.write,
    doc: family.doc,
    local: family.local,
    get: (ctx) => read(ctx, part),
  };
}

/** A family entry; `declared` defaults to the pattern's first word (`backend.%any%…` → backend). */
export function family(
  pattern: string,
  type: TypeName,
  read: readonly Scope[],
  doc: string,
  get: NamedFamilySpec['get'],
  extra: { declared?: readonly DeclaredKind[]; local?: string } = {},
): NamedFamilySpec {
  const declared = extra.declared ?? [pattern.slice(0, pattern.indexOf('.')) as DeclaredKind];
  return { pattern, declared, type, read, write: [], doc, local: extra.local, get };
}
