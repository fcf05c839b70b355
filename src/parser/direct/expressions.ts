// Expressions for the direct parser, with the precedence and tree shapes of the grammar's
// expression-rules.ts (whose comments explain them): `||` / `&&` over `!`-prefixed comparisons,
// comparisons of concatenation chains, `-` folded into number literals.

import type { TokenType } from '../../lexer/chevrotain.js';
import * as T from '../../lexer/tokens.js';
import type { BinaryOperator, CallExpression, Expression, Identifier, IntegerLiteral } from '../../ast/ast.js';
import { binary, foldNegation, rtimeMilliseconds, withBangs } from '../expression-builders.js';
import { BoolNode, CallNode, FloatNode, GroupNode, IntegerNode, RTimeNode } from '../../ast/nodes.js';
import { isA, TokenReader, Unparsable } from './token-reader.js';

export class ExpressionReader extends TokenReader {
  protected expression(): Expression {
    this.enterNesting();
    const expression = this.logicalExpression();
    this.leaveNesting();
    return expression;
  }

  /**
   * `!`* comparison, joined by `||` / `&&`: the tree joinLogical builds (`&&` binds tighter, both
   * left-associative), built as the operands come, with no list of them.
   */
  private logicalExpression(): Expression {
    let andChain = withBangs(this.lines, this.prefixes(T.Bang), this.comparison());
    let orChain: Expression | undefined;
    while (this.takeIf(T.LogicalOperator)) {
      const operator = this.last.image;
      const bangs = this.prefixes(T.Bang);
      const next = withBangs(this.lines, bangs, this.comparison());
      if (operator === '&&') andChain = binary(this.lines, '&&', andChain, next);
      else {
        orChain = orChain === undefined ? andChain : binary(this.lines, '||', orChain, andChain);
        andChain = next;
      }
    }
    return orChain === undefined ? andChain : binary(this.lines, '||', orChain, andChain);
  }

  private comparison(): Expression {
    const chain = this.concatenation(this.unary());
    if (!this.takeIf(T.ComparisonOperator)) return chain;
    const operator = this.last.image as BinaryOperator;
    return binary(this.lines, operator, chain, this.concatenation(this.unary()));
  }

  /** `[+] unary` repeated after `left`. */
  private concatenation(left: Expression): Expression {
    let chain = left;
    for (;;) {
      const plus = this.takeIf(T.Plus);
      if (!plus && !this.startsUnary()) return chain;
      chain = binary(this.lines, plus ? '+' : 'concat', chain, this.unary());
    }
  }

  /** Whether the next token can start a term (`-` or a primary). */
  protected startsUnary(): boolean {
    const type = this.peek();
    return type === T.Minus || startsPrimary(type);
  }

  /** Whether the next token can start an expression. */
  protected startsExpression(): boolean {
    return this.peekIs(T.Bang) || this.startsUnary();
  }

  protected unary(): Expression {
    const minuses = this.prefixes(T.Minus);
    const primary = this.primary();
    return minuses === undefined ? primary : foldNegation(this.lines, minuses, primary);
  }

  /** The offsets of the `!` or `-` tokens in front of a term, or undefined when there are none. */
  private prefixes(type: TokenType): number[] | undefined {
    let offsets: number[] | undefined;
    while (this.peekIs(type)) {
      const at = this.take(type);
      if (offsets === undefined) offsets = [at]; // room for one (`[]` grown by push keeps room for 17)
      else offsets.push(at);
    }
    return offsets;
  }

  private primary(): Expression {
    const type = this.peek();
    if (type === T.Identifier) {
      const name = this.identifier();
      return this.peekIs(T.LParen) ? this.callNode(name, this.argumentList()) : name;
    }
    if (isA(type, T.AnyString)) return this.stringLiteral();
    if (isA(type, T.AnyInteger)) return this.integerLiteral();
    this.advance();
    const { image } = this.last;
    switch (type) {
      case T.Float:
        return new FloatNode(Number(image), image, this.lastSpan());
      case T.RTime:
        return new RTimeNode(rtimeMilliseconds(image), image, this.lastSpan());
      case T.True:
        return new BoolNode(true, this.lastSpan());
      case T.False:
        return new BoolNode(false, this.lastSpan());
      case T.If:
        return this.callNode(this.lastIdentifier(), this.argumentList());
      case T.LParen: {
        const start = this.last.start;
        const expression = this.expression();
        this.take(T.RParen);
        return new GroupNode(expression, this.spanFrom(start));
      }
      default:
        throw Unparsable.instance;
    }
  }

  /** `50`, `0x2A`, and `50%` (director quorum). */
  protected integerLiteral(): IntegerLiteral {
    const start = this.take(T.AnyInteger);
    const raw = this.last.image;
    const percent = this.takeIf(T.Percent);
    return new IntegerNode(Number(raw), raw, percent, this.spanFrom(start));
  }

  protected argumentList(): Expression[] {
    this.take(T.LParen);
    const args = this.openList();
    if (!this.peekIs(T.RParen)) {
      this.addToList(this.argument());
      while (this.takeIf(T.Comma)) this.addToList(this.argument());
    }
    this.take(T.RParen);
    return this.closeList(args);
  }

  /** An expression, or `error` / `restart` as a bare word (`assert.state(error)`). */
  private argument(): Expression {
    const type = this.peek();
    if (type !== T.ErrorKw && type !== T.Restart) return this.expression();
    this.advance();
    return this.lastIdentifier();
  }

  /** A function called as a statement: `std.collect(req.http.Cookie);` */
  protected callExpression(): CallExpression {
    const name = this.identifier();
    return this.callNode(name, this.argumentList());
  }

  private callNode(callee: Identifier, args: Expression[]): CallExpression {
    this.noteCall(callee.name);
    return new CallNode(callee, args, this.spanFromNode(callee));
  }
}

function startsPrimary(type: TokenType): boolean {
  return (
    type === T.Identifier ||
    type === T.Float ||
    type === T.RTime ||
    type === T.True ||
    type === T.False ||
    type === T.If ||
    type === T.LParen ||
    isA(type, T.AnyString) ||
    isA(type, T.AnyInteger)
  );
}
