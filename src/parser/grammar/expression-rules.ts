// Expressions, with Fastly's precedence (lowest first):
//   ||  <  &&  <  prefix !  <  comparison (non-associative)  <  juxtaposition  <  `+`  <  unary -
// (both concatenate; `+` binding tighter makes `"x" now + 1d` add a day to now: expression-builders.binary)
// A `!` in front of a comparison negates the whole comparison: `!x ~ "re"` is `!(x ~ "re")`,
// which Fastly's own boilerplate relies on.
//
// For speed the grammar has only three expression rules (a rule call is the parser's main cost):
// `expression` collects `!`-prefixed comparisons joined by `||` / `&&` and builds the tree at the end;
// `comparison` collects concatenation chains; `unary` is a single term. Most expressions are a single
// operand, so that path allocates nothing but the nodes themselves.

import { tokenMatcher, type IOrAlt, type IToken, type OrMethodOpts } from '../../lexer/chevrotain.js';
import * as T from '../../lexer/tokens.js';
import type { LineIndex } from '../../lexer/source-range.js';
import { StringDecoder } from '../../lexer/strings.js';
import type { BinaryOperator, CallExpression, Expression, Identifier, IntegerLiteral, StringLiteral } from '../../ast/ast.js';
import { BaseVclParser, RECORDING, isPresent } from './base-parser.js';
import { binary, foldNegation, joinLogical, rtimeMilliseconds, withBangs, type LogicalOperand } from '../expression-builders.js';
import { BoolNode, CallNode, FloatNode, GroupNode, IdentifierNode, IntegerNode, RTimeNode, StringNode } from '../../ast/nodes.js';

interface LogicalTail {
  operators: string[];
  operands: LogicalOperand[];
}

export class ExpressionParser extends BaseVclParser {
  /** `!`* comparison, joined by `||` / `&&`. */
  readonly expression = this.RULE('expression', (): Expression => {
    this.prefixTokens = undefined;
    this.MANY(this.takeBang);
    const firstBangs = this.prefixTokens;
    const first = this.SUBRULE(this.comparison);
    this.logicalTail = undefined;
    this.MANY2(this.logicalOperand);
    const tail = this.logicalTail as LogicalTail | undefined; // set by the loop body
    if (this.RECORDING_PHASE) return RECORDING;
    if (tail === undefined) return withBangs(this.lines, firstBangs, first);
    return joinLogical(this.lines, [{ bangs: firstBangs, operand: first }, ...tail.operands], tail.operators);
  });

  /** concatenation [comparison-operator concatenation] */
  private readonly comparison = this.RULE('comparison', (): Expression => {
    this.chain = this.SUBRULE(this.unary);
    this.MANY(this.concatenated);
    this.OPTION2(this.compared);
    return this.chain;
  });

  /** A single term, as `error STATUS` takes: `-`* then a primary. `-` on a number folds into the literal. */
  readonly unary = this.RULE('unary', (): Expression => {
    this.prefixTokens = undefined;
    this.MANY(this.takeMinus);
    const minuses = this.prefixTokens;
    const primary = this.OR(this.primary);
    if (minuses === undefined || this.RECORDING_PHASE) return primary;
    return foldNegation(this.lines, minuses, primary);
  });

  // ---------- loop bodies, built once ----------
  // A closure per rule call would be most of the garbage the parser makes, so the bodies of the loops above
  // are fields, and they hand their results over in fields. A body that parses a nested expression first
  // reads the field, then parses, then writes it back: the nested expression may use the field meanwhile.

  /** The offsets of the `!` or `-` tokens the prefix loop that just ran took (undefined: none). No rule runs inside one. */
  private prefixTokens: number[] | undefined;
  private readonly takeBang = () => this.takePrefix(this.CONSUME(T.Bang));
  private readonly takeBang2 = () => this.takePrefix(this.CONSUME2(T.Bang));
  private readonly takeMinus = () => this.takePrefix(this.CONSUME(T.Minus));

  private takePrefix(token: IToken): void {
    (this.prefixTokens ??= []).push(token.startOffset);
  }

  /** What the running `expression` read after its first operand (undefined: nothing). */
  private logicalTail: LogicalTail | undefined;

  /** `|| !comparison` */
  private readonly logicalOperand = (): void => {
    const tail = this.logicalTail ?? { operators: [], operands: [] };
    tail.operators.push(this.CONSUME(T.LogicalOperator).image);
    this.prefixTokens = undefined;
    this.MANY3(this.takeBang2);
    const bangs = this.prefixTokens;
    tail.operands.push({ bangs, operand: this.SUBRULE2(this.comparison) });
    this.logicalTail = tail;
  };

  /** The running `comparison`'s tree so far. */
  private chain: Expression = RECORDING;

  /** `[+] unary` on the left of a comparison operator. */
  private readonly concatenated = (): void => {
    const left = this.chain;
    const plus = this.OPTION(this.optionalPlus);
    const right = this.SUBRULE2(this.unary);
    this.chain = this.RECORDING_PHASE ? left : binary(this.lines, plus ? '+' : 'concat', left, right);
  };

  /** `== concatenation` */
  private readonly compared = (): void => {
    const left = this.chain;
    const operator = this.CONSUME(T.ComparisonOperator);
    this.chain = this.SUBRULE3(this.unary);
    this.MANY2(this.concatenatedRight);
    if (!this.RECORDING_PHASE) this.chain = binary(this.lines, operator.image as BinaryOperator, left, this.chain);
  };

  /** `[+] unary` on the right of a comparison operator. */
  private readonly concatenatedRight = (): void => {
    const left = this.chain;
    const plus = this.OPTION3(this.optionalPlus2);
    const right = this.SUBRULE4(this.unary);
    this.chain = this.RECORDING_PHASE ? left : binary(this.lines, plus ? '+' : 'concat', left, right);
  };

  // ---------- primaries ----------

  // Built once: allocating the alternatives on every call would dominate the parse time.
  private readonly primary: OrMethodOpts<Expression> = {
    ERR_MSG: 'an expression',
    DEF: [
      { ALT: () => this.stringNode(this.CONSUME(T.AnyString)) },
      { ALT: () => this.integerAfter(this.CONSUME(T.AnyInteger)) },
      { ALT: () => this.numberNode(this.CONSUME(T.Float)) },
      { ALT: () => this.numberNode(this.CONSUME(T.RTime)) },
      { ALT: () => this.boolNode(this.CONSUME(T.True), true) },
      { ALT: () => this.boolNode(this.CONSUME(T.False), false) },
      {
        ALT: () => {
          const name = this.identifierNode(this.CONSUME(T.Identifier));
          const args = this.OPTION(this.optionalArguments);
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
          if (this.RECORDING_PHASE) return RECORDING;
          return new GroupNode(expression, this.rangeFrom(open));
        },
      },
    ] satisfies IOrAlt<Expression>[],
  };

  private readonly optionalArguments = () => this.SUBRULE(this.argumentList);
  private readonly optionalPlus = () => this.CONSUME(T.Plus);
  private readonly optionalPlus2 = () => this.CONSUME2(T.Plus);
  private readonly optionalPercent = () => this.CONSUME9(T.Percent);

  /** `50` / `0x2A`, and `50%` (director quorum). Called from inside the rule that consumed the integer. */
  private integerAfter(token: IToken): IntegerLiteral {
    const percent = this.OPTION9(this.optionalPercent) !== undefined;
    if (this.RECORDING_PHASE) return RECORDING;
    return new IntegerNode(Number(token.image), token.image, percent, this.rangeFrom(token));
  }

  readonly stringLiteral = this.RULE('stringLiteral', (): StringLiteral => this.stringNode(this.CONSUME(T.AnyString)));

  readonly integerLiteral = this.RULE('integerLiteral', (): IntegerLiteral => this.integerAfter(this.CONSUME(T.AnyInteger)));

  protected readonly argumentList = this.RULE('argumentList', (): Expression[] => {
    const args: Expression[] = [];
    this.CONSUME(T.LParen);
    this.argumentsSoFar = args;
    this.MANY_SEP(this.arguments);
    this.CONSUME(T.RParen, { ERR_MSG: 'expected ")" after the arguments' });
    return args;
  });

  /** The running `argumentList`'s arguments (see "loop bodies" above). */
  private argumentsSoFar: Expression[] = [];
  private readonly arguments = {
    SEP: T.Comma,
    DEF: (): void => {
      const args = this.argumentsSoFar;
      args.push(this.OR7(this.argumentAlternatives));
      this.argumentsSoFar = args;
    },
  };

  // An argument is an expression, or one of the state names that are also statement keywords, as a
  // bare word (`assert.state(error)`, `assert.state(restart)` in test files); the checker decides.
  private readonly argumentAlternatives: IOrAlt<Expression>[] = [
    { ALT: () => this.SUBRULE(this.expression) },
    { ALT: () => this.identifierNode(this.CONSUME(T.ErrorKw)) },
    { ALT: () => this.identifierNode(this.CONSUME(T.Restart)) },
  ];

  readonly identifier = this.RULE('identifier', (): Identifier => this.identifierNode(this.CONSUME(T.Identifier)));

  /** A function called as a statement: `std.collect(req.http.Cookie);` */
  readonly callExpression = this.RULE('callExpression', (): CallExpression => {
    const name = this.identifierNode(this.CONSUME(T.Identifier));
    return this.callNode(name, this.SUBRULE(this.argumentList));
  });

  // ---------- node builders: they build nothing while Chevrotain records the grammar ----------

  protected identifierNode(token: IToken): Identifier {
    if (this.RECORDING_PHASE) return RECORDING;
    return new IdentifierNode(token.image, this.tokenRange(token));
  }

  private callNode(callee: Identifier, args: Expression[]): CallExpression {
    if (this.RECORDING_PHASE) return RECORDING;
    return new CallNode(callee, args.filter(isPresent), this.rangeFromNode(callee));
  }

  protected stringNode(token: IToken): StringLiteral {
    if (this.RECORDING_PHASE) return RECORDING;
    const decoded = this.strings.decode(token.image);
    const range = this.tokenRange(token);
    for (const problem of decoded.problems) {
      const start = { ...range.start, column: range.start.column + problem.offset, offset: range.start.offset + problem.offset };
      const end = { ...start, column: start.column + problem.length, offset: start.offset + problem.length };
      this.report({ file: this.file, start, end }, problem.message);
    }
    return new StringNode(decoded.value, token.image, range);
  }

  private strings = new StringDecoder();

  override prepare(tokens: IToken[], lines: LineIndex): void {
    super.prepare(tokens, lines);
    this.strings = new StringDecoder();
  }

  override release(): void {
    super.release();
    this.strings = new StringDecoder();
    this.prefixTokens = this.logicalTail = undefined;
    this.chain = RECORDING;
    this.argumentsSoFar = [];
  }

  private numberNode(token: IToken): Expression {
    if (this.RECORDING_PHASE) return RECORDING;
    const range = this.tokenRange(token);
    if (tokenMatcher(token, T.Float)) return new FloatNode(Number(token.image), token.image, range);
    return new RTimeNode(rtimeMilliseconds(token.image), token.image, range);
  }

  private boolNode(token: IToken, value: boolean): Expression {
    if (this.RECORDING_PHASE) return RECORDING;
    return new BoolNode(value, this.tokenRange(token));
  }
}
