// Tree building for the flattened expression rules: precedence of `||` / `&&` / `!`, and `-` on literals.

import type { LineIndex, Span } from '../lexer/source-range.js';
import type { BinaryOperator, Expression } from '../ast/ast.js';
import { BinaryNode, endOf, FloatNode, IntegerNode, RTimeNode, startOf, UnaryNode } from '../ast/nodes.js';
import { dictionary } from '../dictionary.js';

/**
 * The span of the node about to be built, filled by `spanning` or `fromPrefixTo` right before its
 * constructor copies it (as the direct parser's scratch span): a node made here allocates no span.
 */
const scratch: { lines: LineIndex | null; startOffset: number; endOffset: number } = { lines: null, startOffset: 0, endOffset: 0 };

function scratchSpan(lines: LineIndex, startOffset: number, endOffset: number): Span {
  scratch.lines = lines;
  scratch.startOffset = startOffset;
  scratch.endOffset = endOffset;
  return scratch as Span;
}

/**
 * The span from the start of `first` to the end of `last`. Tolerates the holes error recovery leaves:
 * with both missing it is a span nowhere (NaN offsets), and pruning drops the node.
 */
function spanning(lines: LineIndex, first: Expression | undefined, last: Expression | undefined): Span {
  const from = first ?? last;
  const to = last ?? first;
  if (from === undefined || to === undefined) return scratchSpan(lines, NaN, NaN);
  return scratchSpan(lines, startOf(from), endOf(to));
}

/**
 * From a one-character prefix (`!`, `-`) at `start` to the end of `node`, or of the prefix in a hole
 * that error recovery left.
 */
function fromPrefixTo(lines: LineIndex, start: number, node: Expression | undefined): Span {
  return scratchSpan(lines, start, node === undefined ? start + 1 : endOf(node));
}

export function binary(lines: LineIndex, operator: BinaryOperator, left: Expression, right: Expression): Expression {
  // An explicit `+` binds tighter than juxtaposition: `"expires=" now + 1d` is `"expires=" (now + 1d)`,
  // a day from now (Fastly's time.now page sets a cookie expiry so). For strings alone the grouping
  // makes no difference: concatenation is associative.
  // (`left` is missing when the grammar recovers from an error.)
  if (operator === '+' && left?.kind === 'Binary' && left.operator === 'concat') {
    return new BinaryNode('concat', left.left, binary(lines, '+', left.right, right), spanning(lines, left, right));
  }
  return new BinaryNode(operator, left, right, spanning(lines, left, right));
}

export interface LogicalOperand {
  /** The offsets of the `!`s in front, if any. */
  bangs: number[] | undefined;
  operand: Expression;
}

/** `!!x`: the operand wrapped in one Unary per bang (given by offset), the last bang innermost. */
export function withBangs(lines: LineIndex, bangs: number[] | undefined, operand: Expression): Expression {
  let result = operand;
  if (bangs === undefined) return result;
  for (let i = bangs.length - 1; i >= 0; i--) {
    result = new UnaryNode('!', result, fromPrefixTo(lines, bangs[i]!, result));
  }
  return result;
}

/** `a || b && c` is `a || (b && c)`; both are left-associative. */
export function joinLogical(lines: LineIndex, operands: LogicalOperand[], operators: string[]): Expression {
  let orChain: Expression | undefined;
  let andChain = withBangs(lines, operands[0]!.bangs, operands[0]!.operand);
  for (let i = 0; i < operators.length; i++) {
    const next = withBangs(lines, operands[i + 1]?.bangs, operands[i + 1]?.operand as Expression);
    if (operators[i] === '&&') {
      andChain = binary(lines, '&&', andChain, next);
    } else {
      orChain = orChain === undefined ? andChain : binary(lines, '||', orChain, andChain);
      andChain = next;
    }
  }
  if (orChain === undefined) return andChain;
  return binary(lines, '||', orChain, andChain);
}

/** `-1` / `-2s` fold into the literal (raw `-1`); `-` before anything else stays a Unary node. */
export function foldNegation(lines: LineIndex, minuses: number[], primary: Expression): Expression {
  let result = primary;
  for (let i = minuses.length - 1; i >= 0; i--) {
    const span = fromPrefixTo(lines, minuses[i]!, result);
    const foldable = i === minuses.length - 1 && (result?.kind === 'Integer' || result?.kind === 'Float' || result?.kind === 'RTime');
    if (foldable && result.kind === 'Integer') result = new IntegerNode(-result.value, `-${result.raw}`, result.percent, span);
    else if (foldable && result.kind === 'Float') result = new FloatNode(-result.value, `-${result.raw}`, span);
    else if (foldable && result.kind === 'RTime') result = new RTimeNode(rtimeMilliseconds(`-${result.raw}`), `-${result.raw}`, span);
    else result = new UnaryNode('-', result, span);
  }
  return result;
}

const MS_PER_UNIT = dictionary<number>({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 });

/** `10s`, `1.5m`, `5 m`, `-2s` in milliseconds. */
export function rtimeMilliseconds(raw: string): number {
  const match = /^(-?)\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)$/.exec(raw);
  if (!match) return NaN;
  const sign = match[1] === '-' ? -1 : 1;
  return sign * Number(match[2]) * MS_PER_UNIT[match[3]!]!;
}
