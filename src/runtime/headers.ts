// An HTTP header list as VCL sees it: names case-insensitive, repeated names kept in order,
// a read sees the first value (Fastly: "beresp.http will only give the value of the first instance").

export type HeaderPair = [name: string, value: string];

export class Headers {
  private pairs: HeaderPair[];

  constructor(pairs: Iterable<HeaderPair> = []) {
    this.pairs = Array.from(pairs, ([n, v]) => [n, v] as HeaderPair);
  }

  /** Build from Node's `rawHeaders` ([name, value, name, value, ...]). */
  static fromRaw(raw: readonly string[]): Headers {
    const h = new Headers();
    for (let i = 0; i + 1 < raw.length; i += 2) h.pairs.push([raw[i]!, raw[i + 1]!]);
    return h;
  }

  /** The first value, or null (VCL's "not set") when absent. */
  get(name: string): string | null {
    const lower = name.toLowerCase();
    for (const [n, v] of this.pairs) if (n.toLowerCase() === lower) return v;
    return null;
  }

  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const out: string[] = [];
    for (const [n, v] of this.pairs) if (n.toLowerCase() === lower) out.push(v);
    return out;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  /** Replace every instance of `name` with one header, keeping the first one's position. */
  set(name: string, value: string): void {
    const lower = name.toLowerCase();
    const at = this.pairs.findIndex(([n]) => n.toLowerCase() === lower);
    if (at < 0) {
      this.pairs.push([name, value]);
      return;
    }
    this.pairs[at] = [this.pairs[at]![0], value];
    this.pairs = this.pairs.filter(([n], i) => i <= at || n.toLowerCase() !== lower);
  }

  /** Append another instance (VCL `add`). */
  add(name: string, value: string): void {
    this.pairs.push([name, value]);
  }

  delete(name: string): void {
    const lower = name.toLowerCase();
    this.pairs = this.pairs.filter(([n]) => n.toLowerCase() !== lower);
  }

  /** `unset req.http.X-*`: remove every header whose name starts with the prefix. */
  deletePrefix(prefix: string): void {
    const lower = prefix.toLowerCase();
    this.pairs = this.pairs.filter(([n]) => !n.toLowerCase().startsWith(lower));
  }

  /** Keep only the headers for which `keep(name)` is true. */
  filter(keep: (name: string) => boolean): void {
    this.pairs = this.pairs.filter(([n]) => keep(n));
  }

  names(): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const [n] of this.pairs) {
      const lower = n.toLowerCase();
      if (!seen.has(lower)) {
        seen.add(lower);
        out.push(n);
      }
    }
    return out;
  }

  entries(): HeaderPair[] {
    return this.pairs.map(([n, v]) => [n, v]);
  }

  clone(): Headers {
    return new Headers(this.pairs);
  }

  /** Plain object with lower-case names; repeated headers joined as Node does for display. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [n, v] of this.pairs) {
      const k = n.toLowerCase();
      out[k] = k in out ? `${out[k]}, ${v}` : v;
    }
    return out;
  }

  get size(): number {
    return this.pairs.length;
  }
}
