// A lookup table keyed by text that comes from VCL or a request: made without a prototype, so a key
// such as "constructor" or "toString" finds nothing instead of one of Object's own methods.
export function dictionary<T>(entries: Record<string, T>): Readonly<Record<string, T | undefined>> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
