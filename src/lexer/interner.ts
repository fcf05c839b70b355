// One string per distinct token text. A VCL file repeats a few hundred names and strings thousands of
// times, and the AST keeps them (`Identifier.name`, `String.raw`): sharing them saves a string per token,
// memory the garbage collector would otherwise have to copy.

import { Buffer } from 'node:buffer';

/** Slots of the table (a power of two): several times the distinct texts of a large service. */
const SLOTS = 4096;

/** Any character that does not fit in one byte. */
const WIDE_CHARACTER = /[^\u0000-\u00ff]/;

export class Interner {
  /**
   * Direct-mapped by a hash of the length and four characters (hashing every character cost a tenth of a
   * parse). Texts that meet in a slot take turns in it: one of them goes unshared, which costs memory,
   * never correctness.
   */
  private readonly slots = new Array<string | undefined>(SLOTS);
  /** Where in the text each slot's string was found (its characters are compared there). */
  private readonly slotStarts = new Int32Array(SLOTS);
  /**
   * The text as one byte per character, when every character fits in one (nearly every VCL file): a
   * lookup compares its bytes, several times faster than comparing the characters of two strings.
   */
  private readonly bytes: Uint8Array | null;

  constructor(private readonly text: string) {
    this.bytes = WIDE_CHARACTER.test(text) ? null : Buffer.from(text, 'latin1');
  }

  /** `text.slice(start, end)`, the same string as last time when the text is the same. */
  slice(start: number, end: number): string {
    const { text, bytes } = this;
    const length = end - start;
    const slot =
      (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(start + (length >> 1)) * 17 + text.charCodeAt(end - 2) * 5 + text.charCodeAt(end - 1) * 131) &
      (SLOTS - 1);
    const known = this.slots[slot];
    if (known !== undefined && known.length === length && (bytes === null ? text.startsWith(known, start) : sameBytes(bytes, this.slotStarts[slot]!, start, length))) {
      return known;
    }
    const fresh = text.slice(start, end);
    this.slots[slot] = fresh;
    this.slotStarts[slot] = start;
    return fresh;
  }
}

/** Whether the `length` bytes at `a` and at `b` are the same. */
function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}
