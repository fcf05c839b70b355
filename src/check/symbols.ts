// The declarations of a program, by kind and name, and the duplicates found while collecting them.
import type {
  AclDeclaration,
  BackendDeclaration,
  Declaration,
  DirectorDeclaration,
  Identifier,
  PenaltyboxDeclaration,
  Program,
  RatecounterDeclaration,
  SubDeclaration,
  TableDeclaration,
} from '../ast/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';

export interface Symbols {
  /** A built-in `vcl_*` subroutine may be defined more than once: Fastly runs the parts in order. */
  subs: Map<string, SubDeclaration[]>;
  backends: Map<string, BackendDeclaration>;
  directors: Map<string, DirectorDeclaration>;
  acls: Map<string, AclDeclaration>;
  tables: Map<string, TableDeclaration>;
  penaltyboxes: Map<string, PenaltyboxDeclaration>;
  ratecounters: Map<string, RatecounterDeclaration>;
  /** Backends and directors in declaration order (the first is the default backend). */
  backendOrder: string[];
}

type Named = Exclude<Declaration, { kind: 'Include' | 'Import' | 'Pragma' | 'Describe' }>;

export function collectSymbols(program: Program, diagnostics: Diagnostic[]): Symbols {
  const symbols: Symbols = {
    subs: new Map(),
    backends: new Map(),
    directors: new Map(),
    acls: new Map(),
    tables: new Map(),
    penaltyboxes: new Map(),
    ratecounters: new Map(),
    backendOrder: [],
  };
  // Backends and directors share one namespace (both are BACKEND values).
  const seen = new Map<string, Named>();

  const declare = <T extends Named>(map: Map<string, T>, decl: T, namespace: string = decl.kind) => {
    const key = `${namespace}:${decl.name.name}`;
    const earlier = seen.get(key);
    if (earlier) {
      const at = earlier.name.range.start;
      diagnostics.push(
        diagnosticAt(decl.name.range, 'error', 'duplicate-declaration', `${decl.kind.toLowerCase()} "${decl.name.name}" is already declared at ${earlier.range.file}:${at.line}:${at.column}`),
      );
      return;
    }
    seen.set(key, decl);
    map.set(decl.name.name, decl);
  };

  for (const decl of program.declarations) {
    if (NAMED_KINDS.has(decl.kind) && 'name' in decl) checkDeclarationName(decl.name as Identifier, decl.kind, diagnostics);
    switch (decl.kind) {
      case 'Sub': {
        const name = decl.name.name;
        const parts = symbols.subs.get(name);
        if (parts && !name.startsWith('vcl_')) {
          const at = parts[0]!.name.range.start;
          diagnostics.push(diagnosticAt(decl.name.range, 'error', 'duplicate-declaration', `subroutine "${name}" is already declared at ${parts[0]!.range.file}:${at.line}:${at.column}`));
        } else if (parts) parts.push(decl);
        else symbols.subs.set(name, [decl]);
        break;
      }
      case 'Backend':
        declare(symbols.backends, decl, 'backend');
        if (symbols.backends.get(decl.name.name) === decl) symbols.backendOrder.push(decl.name.name);
        break;
      case 'Director':
        declare(symbols.directors, decl, 'backend');
        if (symbols.directors.get(decl.name.name) === decl) symbols.backendOrder.push(decl.name.name);
        break;
      case 'Acl':
        declare(symbols.acls, decl);
        break;
      case 'Table':
        declare(symbols.tables, decl);
        break;
      case 'Penaltybox':
        declare(symbols.penaltyboxes, decl);
        break;
      case 'Ratecounter':
        declare(symbols.ratecounters, decl);
        break;
      default:
        break;
    }
  }
  return symbols;
}

/** A declared name is letters, digits and `_` (falco's declaration tables; a `-` would read as subtraction). */
const NAMED_KINDS: ReadonlySet<string> = new Set(['Sub', 'Backend', 'Director', 'Acl', 'Table', 'Penaltybox', 'Ratecounter']);

function checkDeclarationName(id: Identifier, kind: string, diagnostics: Diagnostic[]): void {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(id.name)) return;
  diagnostics.push(diagnosticAt(id.range, 'error', 'invalid-name', `a ${kind.toLowerCase()} is named with letters, digits and _, got "${id.name}"`));
}
