// Tree building for the flattened expression rules: precedence of `||` / `&&` / `!`, and `-` on literals.

import type { IToken } from 'chevrotain';
import { tokenEnd, tokenStart } from '../lexer/lexer.js';
import type { BinaryOperator, Expression, Range } from './ast.js';

/** The range from the start of `first` to the end of `last`; tolerates the holes error recovery leaves. */
export function spanning(first: Expression | undefined, last: Expression | undefined): Range {
  const from = first?.range ?? last?.range;
  const to = last?.range ?? first?.range;
  return { file: from!.file, start: from!.start, end: to!.end };
}

export function binary(operator: BinaryOperator, left: Expression, right: Expression): Expression {
  return { kind: 'Binary', operator, left, right, range: spanning(left, right) };
}

export interface LogicalOperand {
  /** The `!` tokens in front, if any. */
  bangs: IToken[] | undefined;
  operand: Expression;
}

/** `!!x`: the operand wrapped in one Unary per bang, the last bang innermost. */
export function withBangs(file: string, bangs: IToken[] | undefined, operand: Expression): Expression {
  let result = operand;
  if (bangs === undefined) return result;
  for (let i = bangs.length - 1; i >= 0; i--) {
    const end = result?.range?.end ?? tokenEnd(bangs[i]!);
    result = { kind: 'Unary', operator: '!', operand: result, range: { file, start: tokenStart(bangs[i]!), end } };
  }
  return result;
}

/** `a || b && c` is `a || (b && c)`; both are left-associative. */
export function joinLogical(file: string, operands: LogicalOperand[], operators: IToken[]): Expression {
  let orChain: Expression | undefined;
  let andChain = withBangs(file, operands[0]!.bangs, operands[0]!.operand);
  for (let i = 0; i < operators.length; i++) {
    const next = withBangs(file, operands[i + 1]?.bangs, operands[i + 1]?.operand as Expression);
    if (operators[i]!.image === '&&') {
      andChain = binary('&&', andChain, next);
    } else {
      orChain = orChain === undefined ? andChain : binary('||', orChain, andChain);
      andChain = next;
    }
  }
  if (orChain === undefined) return andChain;
  return binary('||', orChain, andChain);
}

/** `-1` / `-2s` fold into the literal (raw `-1`); `-` before anything else stays a Unary node. */
export function foldNegation(file: string, minuses: IToken[], primary: Expression): Expression {
  let result = primary;
  for (let i = minuses.length - 1; i >= 0; i--) {
    const range: Range = { file, start: tokenStart(minuses[i]!), end: result?.range?.end ?? tokenEnd(minuses[i]!) };
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
