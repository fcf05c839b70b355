// The parsed form of a PCRE2 pattern. Flags ((?i), (?m), (?s), (?x), (?n), (?U)) are resolved while
// parsing, so every node already says how it matches: a caseless character, a multiline anchor.

/** A set of code points: ranges, Unicode properties and ASCII classes, possibly negated. */
export interface CharClass {
  negate: boolean;
  /** Sorted, merged [lo, hi] pairs of code points. */
  ranges: [number, number][];
  /** Unicode property escapes in JavaScript's syntax, e.g. `\p{L}`, `\P{Script=Greek}`. */
  props: string[];
  /** Caseless: a code point also matches when one of its other cases is in the set. */
  caseless: boolean;
}

export type AnchorKind =
  | 'start' // \A, or ^ outside multiline mode
  | 'lineStart' // ^ in multiline mode
  | 'end' // \z
  | 'endOrFinalNewline' // \Z, or $ outside multiline mode
  | 'lineEnd' // $ in multiline mode
  | 'wordBoundary' // \b
  | 'notWordBoundary' // \B
  | 'searchStart'; // \G

export type Verb = 'ACCEPT' | 'FAIL' | 'COMMIT' | 'PRUNE' | 'SKIP' | 'THEN';

/** A reference to a group by number or name (resolved to numbers once the whole pattern is read). */
export interface GroupRef {
  groups: number[];
  name?: string;
  /** Offset in the pattern, for the error when the group does not exist. */
  at: number;
}

export type Condition =
  | { kind: 'group'; ref: GroupRef }
  | { kind: 'recursion'; ref: GroupRef | null } // (?(R) any recursion, (?(R2) / (?(R&name) that group
  | { kind: 'define' }
  | { kind: 'always' } // (?(VERSION>=…)
  | { kind: 'assert'; look: Extract<Node, { type: 'look' }> };

export type Node =
  | { type: 'empty' }
  | { type: 'char'; cp: number }
  | { type: 'class'; cls: CharClass }
  | { type: 'seq'; items: Node[] }
  | { type: 'alt'; alts: Node[] }
  | { type: 'group'; capture: number; body: Node }
  | { type: 'nocapture'; body: Node }
  | { type: 'repeat'; body: Node; min: number; max: number; mode: 'greedy' | 'lazy' | 'possessive' }
  | { type: 'anchor'; kind: AnchorKind }
  | { type: 'look'; behind: boolean; negate: boolean; body: Node }
  | { type: 'atomic'; body: Node }
  | { type: 'backref'; ref: GroupRef; caseless: boolean }
  | { type: 'call'; ref: GroupRef }
  | { type: 'cond'; test: Condition; yes: Node; no: Node }
  | { type: 'verb'; verb: Verb }
  | { type: 'keep' };

/** A whole parsed pattern. */
export interface ParsedPattern {
  root: Node;
  groupCount: number;
  names: Map<string, number[]>;
  /** (*LIMIT_MATCH=n) at the start of the pattern: a lower step limit. */
  limitMatch: number | null;
}

export const INFINITE = Number.POSITIVE_INFINITY;

export function seq(items: Node[]): Node {
  if (items.length === 0) return { type: 'empty' };
  return items.length === 1 ? items[0]! : { type: 'seq', items };
}

export function alt(alts: Node[]): Node {
  return alts.length === 1 ? alts[0]! : { type: 'alt', alts };
}

/** Every node below `node` (and itself), depth first. */
export function* walk(node: Node): Generator<Node> {
  yield node;
  switch (node.type) {
    case 'seq':
      for (const n of node.items) yield* walk(n);
      break;
    case 'alt':
      for (const n of node.alts) yield* walk(n);
      break;
    case 'group':
    case 'nocapture':
    case 'repeat':
    case 'look':
    case 'atomic':
      yield* walk(node.body);
      break;
    case 'cond':
      if (node.test.kind === 'assert') yield* walk(node.test.look);
      yield* walk(node.yes);
      yield* walk(node.no);
      break;
    default:
      break;
  }
}
