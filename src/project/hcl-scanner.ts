// The lexical half of the HCL reader: spaces and comments (and when a new line counts), names, and
// templates — quoted strings with escapes, heredocs, `${…}` interpolations (parsed by the expression
// parser, hcl.ts) and `%{…}` directives, kept as text and marked. Every error is an HclError at file:line:col.
import type { LineIndex } from '../lexer/source-range.js';
import { HclError, placeOf, type Expr } from './hcl-tree.js';
import { lineIndexOf } from './structured.js';

const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_-]*/uy;
export const MAX_NESTING = 100;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

export abstract class Scanner {
  readonly lines: LineIndex;
  protected pos = 0;
  /** Open brackets around the current point: inside any, a newline is only space. */
  protected brackets = 0;
  /** Expressions open around the current point, bounded so that no input exhausts the stack. */
  protected depth = 0;

  constructor(
    readonly path: string,
    protected readonly src: string,
  ) {
    this.lines = lineIndexOf(path, src);
  }

  protected fail(message: string, at = this.pos): never {
    throw new HclError(`${placeOf(this, at)}: ${message}`);
  }

  protected found(): string {
    if (this.pos >= this.src.length) return 'the end of the file';
    const c = this.src[this.pos]!;
    return c === '\n' ? 'a new line' : JSON.stringify(c);
  }

  protected deeper<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING) this.fail(`nested more than ${MAX_NESTING} levels deep`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** Inside brackets (`[ ]`, `{ }`, `( )`, `${ }`): new lines are space. */
  protected inside<T>(parse: () => T): T {
    this.brackets++;
    try {
      return this.deeper(parse);
    } finally {
      this.brackets--;
    }
  }

  /** Skip spaces and comments, and new lines when `newlines` (a comment to the end of a line leaves the newline). */
  protected skip(newlines = this.brackets > 0): void {
    const src = this.src;
    for (;;) {
      const c = src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || (c === '\n' && newlines)) this.pos++;
      else if (c === '#' || (c === '/' && src[this.pos + 1] === '/')) {
        const eol = src.indexOf('\n', this.pos);
        this.pos = eol < 0 ? src.length : eol;
      } else if (c === '/' && src[this.pos + 1] === '*') {
        const close = src.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('a /* comment is not closed');
        this.pos = close + 2;
      } else return;
    }
  }

  protected eat(token: string): boolean {
    if (!this.src.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  protected expect(token: string, what: string): void {
    this.skip();
    if (!this.eat(token)) this.fail(`expected "${token}" ${what}, found ${this.found()}`);
  }

  protected identifier(what: string): string {
    IDENTIFIER.lastIndex = this.pos;
    const m = IDENTIFIER.exec(this.src);
    if (!m) this.fail(`expected ${what}, found ${this.found()}`);
    this.pos += m[0].length;
    return m[0];
  }


  /** An expression, from the current position (the parser's). */
  abstract expression(): Expr;

  protected quoted(): Expr {
    this.pos++;
    return this.template(this.src.length, this.pos - 1, true, 0);
  }

  /** `<<EOT` or `<<-EOT` (its lines' common indent removed), up to a line that is only the marker. */
  protected heredoc(): Expr {
    const start = this.pos;
    this.pos += 2;
    const indented = this.eat('-');
    const marker = this.identifier('a heredoc marker after "<<"');
    this.eat('\r');
    if (!this.eat('\n')) this.fail(`expected a new line after <<${indented ? '-' : ''}${marker}`);
    const bodyStart = this.pos;
    let end = -1;
    let indent = Infinity;
    for (let line = bodyStart; line < this.src.length; ) {
      const eol = this.src.indexOf('\n', line);
      const text = this.src.slice(line, eol < 0 ? this.src.length : eol);
      if (text.trim() === marker) {
        end = line;
        this.pos = line + text.length;
        break;
      }
      if (text.trim() !== '') indent = Math.min(indent, text.length - text.trimStart().length);
      if (eol < 0) break;
      line = eol + 1;
    }
    if (end < 0) this.fail(`the heredoc <<${marker} has no closing line "${marker}"`, start);
    const afterMarker = this.pos;
    this.pos = bodyStart;
    const expr = this.template(end, start, false, indented && indent !== Infinity ? indent : 0);
    this.pos = afterMarker;
    return { ...expr, end: afterMarker };
  }

  /**
   * Template text from this.pos: to the closing `"` when `quoted` (with backslash escapes), else to `limit`.
   * `strip` whitespace characters are removed at the start of every line (an indented heredoc).
   */
  template(limit: number, start: number, quoted: boolean, strip: number): Expr {
    const parts: (string | Expr)[] = [];
    let text = '';
    let directive = false;
    let trimNext = false;
    const src = this.src;
    const flush = () => {
      if (trimNext) text = text.trimStart();
      if (text !== '') parts.push(text);
      text = '';
      trimNext = false;
    };
    let lineStart = !quoted;
    for (;;) {
      if (lineStart && strip > 0) for (let n = 0; n < strip && (src[this.pos] === ' ' || src[this.pos] === '\t'); n++) this.pos++;
      lineStart = false;
      if (this.pos >= limit) {
        if (quoted) this.fail('a string is not closed with "', start);
        break;
      }
      const c = src[this.pos]!;
      if (quoted && c === '"') {
        this.pos++;
        break;
      }
      if (quoted && c === '\n') this.fail('a quoted string cannot span lines (use a heredoc: <<-EOT)', start);
      if (quoted && c === '\\') {
        text += this.escape();
        continue;
      }
      if ((c === '$' || c === '%') && src[this.pos + 1] === c && src[this.pos + 2] === '{') {
        text += `${c}{`; // $${ and %%{ are the literal text
        this.pos += 3;
        continue;
      }
      if (c === '$' && src[this.pos + 1] === '{') {
        this.pos += 2;
        if (src[this.pos] === '~' && parts.length + text.length > 0) text = text.trimEnd();
        this.eat('~');
        flush();
        const expr = this.inside(() => this.expression());
        this.skip(true);
        trimNext = this.eat('~');
        if (!this.eat('}')) this.fail(`expected "}" to end the \${…} interpolation, found ${this.found()}`);
        parts.push(expr);
        continue;
      }
      if (c === '%' && src[this.pos + 1] === '{') {
        const close = src.indexOf('}', this.pos);
        if (close < 0 || close >= limit) this.fail('a %{ directive is not closed with "}"');
        text += src.slice(this.pos, close + 1); // kept as text, marked
        directive = true;
        this.pos = close + 1;
        continue;
      }
      text += c;
      this.pos++;
      if (c === '\n') lineStart = true;
    }
    flush();
    return { kind: 'template', parts, directive, start, end: this.pos };
  }

  protected escape(): string {
    const at = this.pos;
    const c = this.src[this.pos + 1] ?? '';
    const simple = ESCAPES[c];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    const digits = c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const hex = this.src.slice(this.pos + 2, this.pos + 2 + digits);
    if (digits === 0 || !/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) this.fail(`unknown escape \\${c} in a string (known: \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN)`, at);
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) this.fail(`\\U${hex} is not a Unicode character`, at);
    this.pos += 2 + digits;
    return String.fromCodePoint(code);
  }
}

