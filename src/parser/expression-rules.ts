// Expressions, with Fastly's precedence (lowest first):
//   ||  <  &&  <  prefix !  <  comparison (non-associative)  <  concatenation (`+` or juxtaposition)  <  unary -
// A `!` in front of a comparison negates the whole comparison: `!x ~ "re"` is `!(x ~ "re")`,
// which Fastly's own boilerplate relies on.
//
// For speed the grammar has only three expression rules (a rule call is the parser's main cost):
// `expression` collects `!`-prefixed comparisons joined by `||` / `&&` and builds the tree in an action;
// `comparison` collects concatenation chains; `unary` is a single term.

import { tokenMatcher, type IOrAlt, type IToken } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { decodeStringToken } from '../lexer/strings.js';
import type { BinaryOperator, CallExpression, Expression, Identifier, IntegerLiteral, Range, StringLiteral } from './ast.js';
import { BaseVclParser } from './base-parser.js';
import { foldNegation, joinLogical, rtimeMilliseconds, spanning, type LogicalOperand } from './expression-builders.js';

export class ExpressionParser extends BaseVclParser {
  /** `!`* comparison, joined by `||` / `&&`. */
  readonly expression = this.RULE('expression', (): Expression => {
    const operands: LogicalOperand[] = [];
    const operators: IToken[] = [];
    let bangs: IToken[] = [];
    this.MANY(() => bangs.push(this.CONSUME(T.Bang)));
    operands.push({ bangs, operand: this.SUBRULE(this.comparison) });
    this.MANY2(() => {
      operators.push(this.CONSUME(T.LogicalOperator));
      bangs = [];
      this.MANY3(() => bangs.push(this.CONSUME2(T.Bang)));
      operands.push({ bangs, operand: this.SUBRULE2(this.comparison) });
    });
    return this.ACTION(() => joinLogical(this.file, operands, operators));
  });

  /** concatenation [comparison-operator concatenation] */
  private readonly comparison = this.RULE('comparison', (): Expression => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const plus = this.OPTION(() => this.CONSUME(T.Plus));
      const right = this.SUBRULE2(this.unary);
      left = this.ACTION(() => concat(plus ? '+' : 'concat', left, right));
    });
    this.OPTION2(() => {
      const operator = this.CONSUME(T.ComparisonOperator);
      let right = this.SUBRULE3(this.unary);
      this.MANY2(() => {
        const plus = this.OPTION3(() => this.CONSUME2(T.Plus));
        const next = this.SUBRULE4(this.unary);
        right = this.ACTION(() => concat(plus ? '+' : 'concat', right, next));
      });
      left = this.ACTION(() => concat(operator.image as BinaryOperator, left, right));
    });
    return left;
  });

  /** A single term, as `error STATUS` takes: `-`* then a primary. `-` on a number folds into the literal. */
  readonly unary = this.RULE('unary', (): Expression => {
    const minuses: IToken[] = [];
    this.MANY(() => minuses.push(this.CONSUME(T.Minus)));
    const primary = this.OR<Expression>({ ERR_MSG: 'an expression', DEF: this.primaryAlternatives });
    return minuses.length === 0 ? primary : this.ACTION(() => foldNegation(this.file, minuses, primary));
  });

  // Built once: allocating the alternatives on every call would dominate the parse time.
  private readonly primaryAlternatives: IOrAlt<Expression>[] = [
    { ALT: () => this.stringNode(this.CONSUME(T.AnyString)) },
    { ALT: () => this.integerAfter(this.CONSUME(T.AnyInteger)) },
    { ALT: () => this.numberNode(this.CONSUME(T.Float)) },
    { ALT: () => this.numberNode(this.CONSUME(T.RTime)) },
    { ALT: () => this.boolNode(this.CONSUME(T.True), true) },
    { ALT: () => this.boolNode(this.CONSUME(T.False), false) },
    {
      ALT: () => {
        const name = this.identifierNode(this.CONSUME(T.Identifier));
        const args = this.OPTION(() => this.SUBRULE(this.argumentList));
        return args === undefined ? name : this.callNode(name, args);
      },
    },
    {
      // `if(cond, a, b)`: the keyword doubles as Fastly's ternary function.
      ALT: () => this.callNode(this.identifierNode(this.CONSUME(T.If)), this.SUBRULE2(this.argumentList)),
    },
    {
      ALT: () => {
        const open = this.CONSUME(T.LParen);
        const expression = this.SUBRULE(this.expression);
        this.CONSUME(T.RParen, { ERR_MSG: 'expected ")" to close "("' });
        return this.ACTION((): Expression => ({ kind: 'Group', expression, range: this.rangeFrom(open) }));
      },
    },
  ];

  /** `50` / `0x2A`, and `50%` (director quorum). Called from inside the rule that consumed the integer. */
  private integerAfter(token: IToken): IntegerLiteral {
    const percent = this.OPTION9(() => this.CONSUME9(T.Percent)) !== undefined;
    return this.ACTION(() => ({ kind: 'Integer', value: Number(token.image), raw: token.image, percent, range: this.rangeFrom(token) }));
  }

  readonly stringLiteral = this.RULE('stringLiteral', (): StringLiteral => this.stringNode(this.CONSUME(T.AnyString)));

  readonly integerLiteral = this.RULE('integerLiteral', (): IntegerLiteral => this.integerAfter(this.CONSUME(T.AnyInteger)));

  private readonly argumentList = this.RULE('argumentList', (): Expression[] => {
    const args: Expression[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => args.push(this.SUBRULE(this.expression)) });
    this.CONSUME(T.RParen, { ERR_MSG: 'expected ")" after the arguments' });
    return args;
  });

  readonly identifier = this.RULE('identifier', (): Identifier => this.identifierNode(this.CONSUME(T.Identifier)));

  /** A function called as a statement: `std.collect(req.http.Cookie);` */
  readonly callExpression = this.RULE('callExpression', (): CallExpression => {
    const name = this.identifierNode(this.CONSUME(T.Identifier));
    return this.callNode(name, this.SUBRULE(this.argumentList));
  });

  // ---------- node builders: wrapped in ACTION so they do not run while Chevrotain records the grammar ----------

  protected identifierNode(token: IToken): Identifier {
    return this.ACTION(() => ({ kind: 'Identifier', name: token.image, range: this.tokenRange(token) }));
  }

  private callNode(callee: Identifier, args: Expression[]): CallExpression {
    return this.ACTION(() => ({
      kind: 'CallExpr',
      callee,
      args: args.filter((a) => a !== undefined),
      range: this.rangeFrom(this.firstTokenOf(callee)),
    }));
  }

  /** The token a node started at, rebuilt from its range (enough for `rangeFrom`). */
  protected firstTokenOf(node: { range: Range } | undefined): IToken {
    if (node?.range === undefined) return this.LA(0);
    const { start } = node.range;
    return { startOffset: start.offset, startLine: start.line, startColumn: start.column } as IToken;
  }

  protected stringNode(token: IToken): StringLiteral {
    return this.ACTION(() => {
      const decoded = decodeStringToken(token.image);
      const range = this.tokenRange(token);
      for (const problem of decoded.problems) {
        const start = { ...range.start, column: range.start.column + problem.offset, offset: range.start.offset + problem.offset };
        const end = { ...start, column: start.column + problem.length, offset: start.offset + problem.length };
        this.report({ file: this.file, start, end }, problem.message);
      }
      return { kind: 'String', value: decoded.value, raw: token.image, range };
    });
  }

  private numberNode(token: IToken): Expression {
    return this.ACTION((): Expression => {
      const range = this.tokenRange(token);
      if (tokenMatcher(token, T.Float)) return { kind: 'Float', value: Number(token.image), raw: token.image, range };
      return { kind: 'RTime', milliseconds: rtimeMilliseconds(token.image), raw: token.image, range };
    });
  }

  private boolNode(token: IToken, value: boolean): Expression {
    return this.ACTION((): Expression => ({ kind: 'Bool', value, range: this.tokenRange(token) }));
  }
}

function concat(operator: BinaryOperator, left: Expression, right: Expression): Expression {
  return { kind: 'Binary', operator, left, right, range: spanning(left, right) };
}
