// An HTTP header list as VCL sees it: names case-insensitive, repeated names kept in order,
// a read sees the first value (Fastly: "beresp.http will only give the value of the first instance").
// Each name is kept lower-cased beside its original spelling, so a lookup lower-cases only the
// name asked for (and compiled VCL passes names already lower-cased).

export type HeaderPair = [name: string, value: string];

export class Headers {
  private names_: string[] = [];
  private lowers: string[] = [];
  private values: string[] = [];

  constructor(pairs?: Iterable<HeaderPair>) {
    if (pairs !== undefined) for (const [n, v] of pairs) this.add(n, v);
  }

  /** Build from Node's `rawHeaders` ([name, value, name, value, ...]). */
  static fromRaw(raw: readonly string[]): Headers {
    const h = new Headers();
    for (let i = 0; i + 1 < raw.length; i += 2) h.add(raw[i]!, raw[i + 1]!);
    return h;
  }

  private indexOfLower(lower: string): number {
    return this.lowers.indexOf(lower);
  }

  /** The first value, or null (VCL's "not set") when absent. */
  get(name: string): string | null {
    return this.getLower(name.toLowerCase());
  }

  /** `get` for a name that is already lower-case (the compiler lower-cases names once). */
  getLower(lower: string): string | null {
    const i = this.indexOfLower(lower);
    return i < 0 ? null : this.values[i]!;
  }

  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.lowers.length; i++) if (this.lowers[i] === lower) out.push(this.values[i]!);
    return out;
  }

  has(name: string): boolean {
    return this.indexOfLower(name.toLowerCase()) >= 0;
  }

  /** Replace every instance of `name` with one header, keeping the first one's position. */
  set(name: string, value: string): void {
    this.setLower(name, name.toLowerCase(), value);
  }

  /** `set` for a name whose lower-case form the caller has (the compiler lower-cases names once). */
  setLower(name: string, lower: string, value: string): void {
    const at = this.indexOfLower(lower);
    if (at < 0) {
      this.push(name, lower, value);
      return;
    }
    this.values[at] = value;
    if (this.lowers.indexOf(lower, at + 1) >= 0) this.keep((l, i) => i <= at || l !== lower);
  }

  /** Append another instance (VCL `add`). */
  add(name: string, value: string): void {
    this.push(name, name.toLowerCase(), value);
  }

  delete(name: string): void {
    this.deleteLower(name.toLowerCase());
  }

  /** `delete` for a name already lower-case. */
  deleteLower(lower: string): void {
    if (this.indexOfLower(lower) >= 0) this.keep((l) => l !== lower);
  }

  /** `unset req.http.X-*`: remove every header whose name starts with the prefix. */
  deletePrefix(prefix: string): void {
    const lower = prefix.toLowerCase();
    this.keep((l) => !l.startsWith(lower));
  }

  /** `filter` by the lower-case name (no case folding per header). */
  filterLower(keep: (lower: string) => boolean): void {
    this.keep(keep);
  }

  /** Keep only the headers for which `keep(name)` is true. */
  filter(keep: (name: string) => boolean): void {
    this.keep((_l, i) => keep(this.names_[i]!));
  }

  names(): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (let i = 0; i < this.lowers.length; i++) {
      if (!seen.has(this.lowers[i]!)) {
        seen.add(this.lowers[i]!);
        out.push(this.names_[i]!);
      }
    }
    return out;
  }

  entries(): HeaderPair[] {
    return this.names_.map((n, i) => [n, this.values[i]!]);
  }

  clone(): Headers {
    const h = new Headers();
    h.names_ = this.names_.slice();
    h.lowers = this.lowers.slice();
    h.values = this.values.slice();
    return h;
  }

  /** Plain object with lower-case names; repeated headers joined as Node does for display. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < this.lowers.length; i++) {
      const k = this.lowers[i]!;
      out[k] = k in out ? `${out[k]}, ${this.values[i]}` : this.values[i]!;
    }
    return out;
  }

  get size(): number {
    return this.lowers.length;
  }

  /** The i-th header's name as spelled, its lower-case form and its value (0 ≤ i < size): reads without copying the list. */
  nameAt(i: number): string {
    return this.names_[i]!;
  }

  lowerAt(i: number): string {
    return this.lowers[i]!;
  }

  valueAt(i: number): string {
    return this.values[i]!;
  }

  /** The same headers with each value converted; this list itself when no value changes. */
  mapValues(convert: (value: string) => string): Headers {
    let copy: Headers | null = null;
    for (let i = 0; i < this.values.length; i++) {
      const converted = convert(this.values[i]!);
      if (converted === this.values[i]) continue;
      copy ??= this.clone();
      copy.values[i] = converted;
    }
    return copy ?? this;
  }

  private push(name: string, lower: string, value: string): void {
    this.names_.push(name);
    this.lowers.push(lower);
    this.values.push(value);
  }

  /** Compacts in place (a header list is filtered on every request: no new arrays). */
  private keep(test: (lower: string, index: number) => boolean): void {
    const count = this.lowers.length;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      if (!test(this.lowers[i]!, i)) continue;
      if (kept !== i) {
        this.names_[kept] = this.names_[i]!;
        this.lowers[kept] = this.lowers[i]!;
        this.values[kept] = this.values[i]!;
      }
      kept++;
    }
    if (kept === count) return;
    this.names_.length = kept;
    this.lowers.length = kept;
    this.values.length = kept;
  }
}
