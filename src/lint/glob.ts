// A tiny glob matcher (Node 20 has no fs.globSync): `*` and `?` stay within one path segment,
// `**` spans any number of segments. Paths use forward slashes.

export function hasGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

export function globToRegExp(pattern: string): RegExp {
  let out = '';
  const p = pattern.replace(/\\/g, '/');
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      const slashAfter = p[i + 2] === '/';
      const atSegmentStart = i === 0 || p[i - 1] === '/';
      if (atSegmentStart && slashAfter) {
        out += '(?:[^/]*/)*'; // `**/`: zero or more folders
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The folder part of a pattern before its first wildcard: where to start looking for matches. */
export function globBase(pattern: string): string {
  const segments = pattern.replace(/\\/g, '/').split('/');
  const first = segments.findIndex(hasGlob);
  const base = segments.slice(0, first < 0 ? segments.length : first).join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}
