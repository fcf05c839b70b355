// One string per distinct token text. A VCL file repeats a few hundred names and strings thousands of
// times, and the AST keeps them (`Identifier.name`, `String.raw`): sharing them saves a string per token,
// memory the garbage collector would otherwise have to copy.

/** Slots of the table (a power of two): several times the distinct texts of a large service. */
const SLOTS = 4096;

export class Interner {
  /**
   * Direct-mapped by a hash of the length and four characters (hashing every character cost a tenth of a
   * parse). Texts that meet in a slot take turns in it: one of them goes unshared, which costs memory,
   * never correctness.
   */
  private readonly slots = new Array<string | undefined>(SLOTS);

  /** `text.slice(start, end)`, the same string as last time when the text is the same. */
  slice(text: string, start: number, end: number): string {
    const length = end - start;
    const slot =
      (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(start + (length >> 1)) * 17 + text.charCodeAt(end - 2) * 5 + text.charCodeAt(end - 1) * 131) &
      (SLOTS - 1);
    const known = this.slots[slot];
    if (known !== undefined && known.length === length && text.startsWith(known, start)) return known;
    const fresh = text.slice(start, end);
    this.slots[slot] = fresh;
    return fresh;
  }
}
