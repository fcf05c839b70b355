// Reading a pattern one code point at a time, with PCRE2-style errors that give the offset.
import { RegexSyntaxError } from './errors.js';

export class Scanner {
  pos = 0;

  constructor(readonly src: string) {}

  fail(reason: string, at = this.pos): never {
    throw new RegexSyntaxError(this.src, `${reason} at offset ${at}`);
  }

  get done(): boolean {
    return this.pos >= this.src.length;
  }

  /** The UTF-16 unit `ahead` places on (enough for ASCII syntax). */
  peek(ahead = 0): string | undefined {
    return this.src[this.pos + ahead];
  }

  at(text: string): boolean {
    return this.src.startsWith(text, this.pos);
  }

  /** Consume `text` if it comes next. */
  eat(text: string): boolean {
    if (!this.at(text)) return false;
    this.pos += text.length;
    return true;
  }

  /** Consume and return the next code point. */
  next(): number {
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  /** Consume what `re` (anchored with ^, no flags needed) matches here, or return null. */
  match(re: RegExp): RegExpExecArray | null {
    const m = re.exec(this.src.slice(this.pos));
    if (m) this.pos += m[0].length;
    return m;
  }
}
