// The base of the direct parser: tokens read straight from the scanner's fields, node ranges built
// exactly as the Chevrotain grammar builds them, and the way out (`Unparsable`) for any input it does
// not accept.

import { EOF, type TokenType } from '../../lexer/chevrotain.js';
import type { TokenStream } from '../../lexer/lexer.js';
import type { Scanner } from '../../lexer/scanner.js';
import type { LineIndex, Span } from '../../lexer/source-range.js';
import { StringDecoder } from '../../lexer/strings.js';
import * as T from '../../lexer/tokens.js';
import type { Identifier, Range, StringLiteral, TypeName } from '../../ast/ast.js';
import { IdentifierNode, startOf, StringNode } from '../../ast/nodes.js';
import { TYPE_NAMES } from '../../ast/vocabulary.js';

/**
 * Thrown where the direct parser meets anything it would have to report: a syntax error, a bad escape,
 * an unknown type name. The caller then parses the text again with the Chevrotain grammar, which recovers
 * and describes every problem.
 */
export class Unparsable {
  static readonly instance = new Unparsable();
}

/** One token: its type, where it starts, one past where it ends, its text. Reused, never kept. */
class TokenSlot {
  type: TokenType = EOF;
  start = 0;
  end = 0;
  image = '';

  copy(from: Scanner): void {
    this.type = from.type;
    this.start = from.start;
    this.end = from.end;
    this.image = from.image;
  }
}

/** Whether a token of `type` is a `expected` (a token type, or a category such as AnyString). */
export function isA(type: TokenType, expected: TokenType): boolean {
  // Most tests are of a plain type, and most `takeIf`s find another token: `isParent` (a category) first.
  return type === expected || (expected.isParent === true && expected.categoryMatchesMap?.[type.tokenTypeIdx!] === true);
}

/**
 * How deep expressions and blocks may nest on the fast path. Real VCL nests a few levels; deeper text goes
 * to the grammar, whose own limit (the call stack) then decides, and the later passes, which recurse with
 * smaller frames, never meet anything deeper than it accepted.
 */
const MAX_NESTING = 100;

/** `name`, which must be a VCL type. */
export function checkedTypeName(name: string): TypeName {
  if (!TYPE_NAMES.has(name)) throw Unparsable.instance;
  return name as TypeName;
}

/**
 * Reads tokens as the scanner finds them, with two tokens of lookahead (all the grammar needs). It makes
 * no token objects: a parse allocates its AST and next to nothing else, so the garbage collector, which
 * copies what is alive when it runs, has no more to copy than the AST.
 */
export class TokenReader {
  protected readonly lines: LineIndex;
  private readonly scanner: Scanner;
  // Three slots that trade places as tokens are consumed: a token is copied once, from the scanner.
  private next = new TokenSlot();
  private afterNext = new TokenSlot();
  private hasAfterNext = false;
  /** The token consumed last. */
  protected last = new TokenSlot();
  private readonly strings = new StringDecoder();
  /** How many expressions and blocks enclose the one being read. */
  private nesting = 0;
  /** The names called in the subroutine being read, each once (see ast/recorded-calls.ts); null outside one. */
  protected calledNames: string[] | null = null;
  /** The items of the lists being built, innermost last (see `openList`), up to `listTop`. */
  private readonly listItems: unknown[] = [];
  private listTop = 0;
  /**
   * The span of the node about to be built: `spanFrom` and the like fill it and the node's constructor
   * copies it, so building a node makes no span object. It is valid only until the next of those calls:
   * pass it as a constructor's last argument, never keep it.
   */
  private readonly scratchSpan: { lines: LineIndex; startOffset: number; endOffset: number };

  constructor(stream: TokenStream) {
    this.lines = stream.lines;
    this.scratchSpan = { lines: stream.lines, startOffset: 0, endOffset: 0 };
    this.scanner = stream.scanner;
    this.scanInto(this.next);
  }

  private scanInto(slot: TokenSlot): void {
    this.scanner.advance();
    slot.copy(this.scanner);
  }

  get atEnd(): boolean {
    return this.next.type === EOF;
  }

  /** The type of the next token (ahead = 1) or of the one after it (ahead = 2). */
  protected peek(ahead: 1 | 2 = 1): TokenType {
    if (ahead === 1) return this.next.type;
    if (!this.hasAfterNext) {
      this.scanInto(this.afterNext);
      this.hasAfterNext = true;
    }
    return this.afterNext.type;
  }

  protected peekIs(type: TokenType, ahead: 1 | 2 = 1): boolean {
    return this.peek(ahead) === type;
  }

  /** Whether the next token is of `category` (a category token type such as AnyString). */
  protected peekIn(category: TokenType, ahead: 1 | 2 = 1): boolean {
    return isA(this.peek(ahead), category);
  }

  /** Before reading a nested expression or block (see MAX_NESTING); `leaveNesting` after. */
  protected enterNesting(): void {
    if (++this.nesting > MAX_NESTING) throw Unparsable.instance;
  }

  protected leaveNesting(): void {
    this.nesting--;
  }

  // Lists (statements, arguments, branches …) are gathered on one stack and copied out at their exact
  // length. An array grown by `push` keeps room for 17 items: most lists hold one to three, and the
  // collector would copy that empty room with every one of them. The stack's top is a count of its own:
  // cutting the array's length at each list's end made V8 shrink its storage and grow it again.

  /** Start a list; returns its start, for `closeList`. */
  protected openList(): number {
    return this.listTop;
  }

  protected addToList(item: unknown): void {
    this.listItems[this.listTop++] = item;
  }

  /** The items added since `start`, as an array of their exact length. */
  protected closeList<T>(start: number): T[] {
    const list = this.listItems.slice(start, this.listTop) as T[];
    this.listTop = start;
    return list;
  }

  /** Consume the next token; it becomes `last`. */
  protected advance(): void {
    const consumed = this.next;
    if (consumed.type === EOF) throw Unparsable.instance;
    const free = this.last;
    this.last = consumed;
    if (this.hasAfterNext) {
      this.next = this.afterNext;
      this.afterNext = free;
      this.hasAfterNext = false;
    } else {
      this.next = free;
      this.scanInto(free);
    }
  }

  /** Consume the next token, which must be of `type` (a concrete type or a category); its start offset. */
  protected take(type: TokenType): number {
    if (!isA(this.next.type, type)) throw Unparsable.instance;
    this.advance();
    return this.last.start;
  }

  /** Consume the next token if it is of `type`. */
  protected takeIf(type: TokenType): boolean {
    if (!isA(this.next.type, type)) return false;
    this.advance();
    return true;
  }

  /** From `start` to the end of the last token consumed (see `scratchSpan`). */
  protected spanFrom(start: number): Span {
    return this.spanOf(start, this.last.end);
  }

  /** From the start of a built node to the end of the last token consumed. */
  protected spanFromNode(node: { range: Range }): Span {
    return this.spanOf(startOf(node), this.last.end);
  }

  /** The last token's span. */
  protected lastSpan(): Span {
    return this.spanOf(this.last.start, this.last.end);
  }

  private spanOf(start: number, end: number): Span {
    const span = this.scratchSpan;
    span.startOffset = start;
    span.endOffset = end;
    return span;
  }

  /** The last token, which must name a type. */
  protected lastTypeName(): TypeName {
    return checkedTypeName(this.last.image);
  }

  /** Note a call of `name` in the subroutine being read. */
  protected noteCall(name: string): void {
    const names = this.calledNames;
    // Past a few dozen distinct names a duplicate costs less than looking for it.
    if (names !== null && (names.length > 32 || !names.includes(name))) names.push(name);
  }

  protected identifier(): Identifier {
    this.take(T.Identifier);
    return this.lastIdentifier();
  }

  /** The last token as a name (a keyword such as `if` or `error` may be one). */
  protected lastIdentifier(): Identifier {
    return new IdentifierNode(this.last.image, this.lastSpan());
  }

  protected stringLiteral(): StringLiteral {
    this.take(T.AnyString);
    const { image } = this.last;
    const decoded = this.strings.decode(image);
    if (decoded.problems.length > 0) throw Unparsable.instance;
    return new StringNode(decoded.value, image, this.lastSpan());
  }
}
