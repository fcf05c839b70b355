// Vary: a cached response stands only for requests that agree on the headers it names.
import type { Headers } from '../values/headers.js';

/** The header names a response varies on (lower-case, sorted); '*' when it can never be reused. */
export function varyNames(headers: Headers): string[] | '*' {
  const names = new Set<string>();
  for (const value of headers.getAll('vary')) {
    for (const raw of value.split(',')) {
      const name = raw.trim().toLowerCase();
      if (name === '*') return '*';
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

/** The cache key of one variant: the VCL key plus the request's values of the varied headers. */
export function variantKey(key: string, names: readonly string[], request: Headers): string {
  if (names.length === 0) return key;
  return `${key}\n${names.map((n) => `${n}:${request.getAll(n).join(',')}`).join('\n')}`;
}
