// The one glob matcher for lint and test (Node 20 has no fs.globSync): `*` and `?` stay within one path
// segment, `**` spans any number of segments, `{a,b}` is either. Paths use forward slashes.

export function hasGlob(pattern: string): boolean {
  return /[*?{]/.test(pattern);
}

const escape = (s: string) => s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');

export function globToRegExp(pattern: string): RegExp {
  let out = '';
  const p = pattern.replace(/\\/g, '/');
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      const atSegmentStart = i === 0 || p[i - 1] === '/';
      if (atSegmentStart && p[i + 2] === '/') {
        out += '(?:[^/]*/)*'; // `**/`: zero or more folders
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{' && p.indexOf('}', i) > i) {
      const end = p.indexOf('}', i);
      out += `(?:${p.slice(i + 1, end).split(',').map(escape).join('|')})`;
      i = end;
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`);
}

/** The folder part of a pattern before its first wildcard: where to start looking for matches. */
export function globBase(pattern: string): string {
  const segments = pattern.replace(/\\/g, '/').split('/');
  const first = segments.findIndex(hasGlob);
  const base = segments.slice(0, first < 0 ? segments.length - 1 : first).join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}
