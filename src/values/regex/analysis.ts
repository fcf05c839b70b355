// Facts about a parsed pattern that decide how it runs: how long a piece can be (lookbehind), and
// whether the linear-time engine can run it with PCRE2's meaning.
import { INFINITE, walk, type Node } from './ast.js';

/** The fewest and most characters `node` can match (backreferences and calls: unbounded). */
export function lengthRange(node: Node): [number, number] {
  switch (node.type) {
    case 'char':
    case 'class':
      return [1, 1];
    case 'seq': {
      let min = 0;
      let max = 0;
      for (const item of node.items) {
        if (item.type === 'verb' && (item.verb === 'ACCEPT' || item.verb === 'FAIL')) break; // what follows is never reached
        const [a, b] = lengthRange(item);
        min += a;
        max += b;
      }
      return [min, max];
    }
    case 'alt': {
      const ranges = node.alts.map(lengthRange);
      return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
    }
    case 'group':
    case 'nocapture':
    case 'atomic':
      return lengthRange(node.body);
    case 'repeat': {
      const [a, b] = lengthRange(node.body);
      return [a * node.min, b === 0 ? 0 : b * node.max];
    }
    case 'cond': {
      const [a, b] = lengthRange(node.yes);
      const [c, d] = lengthRange(node.no);
      return [Math.min(a, c), Math.max(b, d)];
    }
    case 'backref':
    case 'call':
      return [0, INFINITE];
    default:
      return [0, 0];
  }
}

/** RE2 refuses counted repetition above this. */
const RE2_MAX_REPEAT = 1000;

/**
 * Whether the pattern uses only what RE2 evaluates with PCRE's meaning: no backreferences,
 * lookaround, atomic or possessive groups, recursion, conditionals, verbs, \G or \K, Unicode
 * properties, and no repeat of something that can match the empty string.
 */
export function isRegular(root: Node): boolean {
  for (const node of walk(root)) {
    switch (node.type) {
      case 'backref':
      case 'call':
      case 'look':
      case 'atomic':
      case 'cond':
      case 'verb':
      case 'keep':
        return false;
      case 'anchor':
        if (node.kind === 'searchStart') return false;
        break;
      case 'repeat':
        if (node.mode === 'possessive' || (node.max !== INFINITE && node.max > RE2_MAX_REPEAT) || node.min > RE2_MAX_REPEAT) return false;
        // A repeated piece that can match nothing: PCRE2 and RE2 end such loops differently.
        if (node.max > 1 && lengthRange(node.body)[0] === 0) return false;
        break;
      case 'class':
        if (node.cls.props.length > 0) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

/** Whether any part can repeat (a pattern without repeats runs in linear time on any engine). */
export function hasRepeat(root: Node): boolean {
  for (const node of walk(root)) if (node.type === 'repeat') return true;
  return false;
}

/**
 * Whether a subject ending in "\n" can match differently under PCRE2 than under RE2 or V8: PCRE2's
 * `$` and `\Z` also match before a final newline, and its multiline `^` does not match after one.
 */
export function dependsOnFinalNewline(root: Node): boolean {
  for (const node of walk(root)) {
    if (node.type === 'anchor' && (node.kind === 'endOrFinalNewline' || node.kind === 'lineStart')) return true;
  }
  return false;
}
