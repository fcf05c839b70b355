// Tree building for the flattened expression rules: precedence of `||` / `&&` / `!`, and `-` on literals.

import { endOffsetOf, SourceRange, startOffsetOf, type LineIndex } from '../lexer/source-range.js';
import type { BinaryOperator, Expression, Range } from './ast.js';

/**
 * The range from the start of `first` to the end of `last`. Tolerates the holes error recovery leaves:
 * with both missing it is a range nowhere (NaN offsets), and pruning drops the node.
 */
function spanning(lines: LineIndex, first: Expression | undefined, last: Expression | undefined): Range {
  const from = first?.range ?? last?.range;
  const to = last?.range ?? first?.range;
  if (from === undefined || to === undefined) return new SourceRange(lines, NaN, NaN);
  return new SourceRange(lines, startOffsetOf(from), endOffsetOf(to));
}

/**
 * From a one-character prefix (`!`, `-`) at `start` to the end of `node`, or of the prefix in a hole
 * that error recovery left.
 */
function fromPrefixTo(lines: LineIndex, start: number, node: Expression | undefined): SourceRange {
  return new SourceRange(lines, start, node?.range === undefined ? start + 1 : endOffsetOf(node.range));
}

export function binary(lines: LineIndex, operator: BinaryOperator, left: Expression, right: Expression): Expression {
  return { kind: 'Binary', operator, left, right, range: spanning(lines, left, right) };
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
    result = { kind: 'Unary', operator: '!', operand: result, range: fromPrefixTo(lines, bangs[i]!, result) };
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
    const range = fromPrefixTo(lines, minuses[i]!, result);
    const foldable = i === minuses.length - 1 && (result?.kind === 'Integer' || result?.kind === 'Float' || result?.kind === 'RTime');
    if (foldable && result.kind === 'Integer') result = { ...result, value: -result.value, raw: `-${result.raw}`, range };
    else if (foldable && result.kind === 'Float') result = { ...result, value: -result.value, raw: `-${result.raw}`, range };
    else if (foldable && result.kind === 'RTime') {
      result = { ...result, milliseconds: rtimeMilliseconds(`-${result.raw}`), raw: `-${result.raw}`, range };
    } else result = { kind: 'Unary', operator: '-', operand: result, range };
  }
  return result;
}

const MS_PER_UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** `10s`, `1.5m`, `5 m`, `-2s` in milliseconds. */
export function rtimeMilliseconds(raw: string): number {
  const match = /^(-?)\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)$/.exec(raw);
  if (!match) return NaN;
  const sign = match[1] === '-' ? -1 : 1;
  return sign * Number(match[2]) * MS_PER_UNIT[match[3]!]!;
}
