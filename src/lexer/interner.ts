// One string per distinct token text. A VCL file repeats a few hundred names and strings thousands of
// times, and the AST keeps them (`Identifier.name`, `String.raw`): sharing them saves a string per token,
// memory the garbage collector would otherwise have to copy.

export class Interner {
  /** By hash; a collision simply goes unshared, which costs memory, never correctness. */
  private readonly strings = new Map<number, string>();

  /** `text.slice(start, end)`, the same string as last time when the text is the same. */
  slice(text: string, start: number, end: number): string {
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const known = this.strings.get(hash);
    if (known !== undefined && known.length === end - start && text.startsWith(known, start)) return known;
    const fresh = text.slice(start, end);
    if (known === undefined) this.strings.set(hash, fresh);
    return fresh;
  }
}
