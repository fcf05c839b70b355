// Where things lie in a source text: a span is two offsets and the file's line index, and lines and
// columns are worked out from it when someone asks (a diagnostic, the printer), never stored. AST nodes
// keep their span as fields of their own (ast/nodes.ts) and make a SourceRange when asked for one.

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
  offset: number; // 0-based character offset
}

export interface Range {
  file: string;
  start: Position;
  end: Position; // exclusive: one past the last character
}

/**
 * The offsets the lines of a text start at (the first is 0), added as a scan finds them. Held in a typed
 * array, whose storage lies outside the heap the garbage collector copies, grown by doubling from a size
 * guessed from the text (an array grown line by line was copied a dozen times per large file).
 */
export class LineStarts {
  starts: Int32Array;
  count = 1;

  constructor(capacity: number) {
    this.starts = new Int32Array(Math.max(capacity, 1));
  }

  static of(offsets: ArrayLike<number>): LineStarts {
    const table = new LineStarts(offsets.length);
    table.starts.set(offsets);
    table.count = offsets.length;
    return table;
  }

  add(offset: number): void {
    if (this.count === this.starts.length) {
      const larger = new Int32Array(this.count * 2);
      larger.set(this.starts);
      this.starts = larger;
    }
    this.starts[this.count++] = offset;
  }

  toArray(): number[] {
    return Array.from(this.starts.subarray(0, this.count));
  }
}

/**
 * Where each line of a text starts, to turn an offset into a 1-based line and column. Every node of a
 * parse holds it: the line starts are an ES private field, so comparing or printing nodes sees only the
 * file name (and `structuredClone`, which drops private fields, cannot copy it).
 */
export class LineIndex {
  /** The lines found so far: line i + 1 starts at `starts[i]`. */
  readonly #lineStarts: LineStarts;

  constructor(
    readonly file: string,
    /** A scan's growing table, or every line's start. */
    lineStarts: LineStarts | ArrayLike<number>,
  ) {
    this.#lineStarts = lineStarts instanceof LineStarts ? lineStarts : LineStarts.of(lineStarts);
  }

  position(offset: number): Position {
    if (Number.isNaN(offset)) return { line: NaN, column: NaN, offset }; // a token error recovery invented
    const { starts, count } = this.#lineStarts;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1, offset };
  }
}

/** Where a node or token lies: the file's line index and two offsets. */
export interface Span {
  readonly lines: LineIndex;
  /** 0-based offset of the first character. */
  readonly startOffset: number;
  /** 0-based offset one past the last character. */
  readonly endOffset: number;
}

export class SourceRange implements Range, Span {
  constructor(
    readonly lines: LineIndex,
    /** 0-based offset of the first character. */
    readonly startOffset: number,
    /** 0-based offset one past the last character. */
    readonly endOffset: number,
  ) {}

  get file(): string {
    return this.lines.file;
  }

  get start(): Position {
    return this.lines.position(this.startOffset);
  }

  get end(): Position {
    return this.lines.position(this.endOffset);
  }

  /** The plain form, for JSON output and for comparing with a written-out range. */
  toJSON(): Range {
    return { file: this.file, start: this.start, end: this.end };
  }

  /** `console.log` and `util.inspect` show the plain form, not the line index. */
  [Symbol.for('nodejs.util.inspect.custom')](): Range {
    return this.toJSON();
  }
}

/** A range's start offset, without working out its line (any Range, stored or written out). */
export function startOffsetOf(range: Range): number {
  return range instanceof SourceRange ? range.startOffset : range.start.offset;
}

/** A range's end offset (one past its last character). */
export function endOffsetOf(range: Range): number {
  return range instanceof SourceRange ? range.endOffset : range.end.offset;
}
