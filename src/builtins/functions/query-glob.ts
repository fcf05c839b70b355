// The glob of querystring.globfilter / globfilter_except (`utm_*`): `*` any run, `?` one character,
// `[...]` a class (`[!...]` or `[^...]` its complement, `a-z` a range), anything else itself. A range
// written backwards (`[z-a]`) matches nothing, as fnmatch's does. The glob usually comes from the VCL
// but may come from a header, so matching never builds a RegExp from it and costs at most
// O(glob × name): `*a*a*a*b` against a long hostile name cannot backtrack exponentially.

type GlobToken =
  | { kind: 'star' }
  | { kind: 'one' }
  | { kind: 'char'; code: number }
  | { kind: 'class'; negated: boolean; ranges: [low: number, high: number][] };

export type GlobMatcher = (name: string) => boolean;

export function compileGlob(glob: string): GlobMatcher {
  const tokens = tokenize(glob);
  return (name) => matches(tokens, name);
}

function tokenize(glob: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    const close = c === '[' ? glob.indexOf(']', i + 2) : -1;
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' }); // `**` is `*`
    } else if (c === '?') tokens.push({ kind: 'one' });
    else if (close > i + 1) {
      tokens.push(classToken(glob.slice(i + 1, close)));
      i = close;
    } else tokens.push({ kind: 'char', code: glob.charCodeAt(i) });
  }
  return tokens;
}

/** The body of `[...]`; a leading `]` is a member (`[]a]`), as in fnmatch. */
function classToken(body: string): GlobToken {
  const negated = body[0] === '!' || body[0] === '^';
  const members = negated ? body.slice(1) : body;
  const ranges: [number, number][] = [];
  for (let i = 0; i < members.length; i++) {
    const low = members.charCodeAt(i);
    if (members[i + 1] === '-' && i + 2 < members.length) {
      ranges.push([low, members.charCodeAt(i + 2)]);
      i += 2;
    } else ranges.push([low, low]);
  }
  return { kind: 'class', negated, ranges };
}

function matchesOne(token: GlobToken, code: number): boolean {
  switch (token.kind) {
    case 'one':
      return true;
    case 'char':
      return token.code === code;
    case 'class':
      return token.ranges.some(([low, high]) => code >= low && code <= high) !== token.negated;
    default:
      return false;
  }
}

/**
 * Greedy matching that, on a mismatch, resumes after the last `*` one character further: each `*`
 * only ever moves forward, so the work is bounded by tokens × name length.
 */
function matches(tokens: readonly GlobToken[], name: string): boolean {
  let t = 0;
  let n = 0;
  let starToken = -1; // the last `*` seen, and where in the name its run ends for now
  let starEnd = 0;
  while (n < name.length) {
    const token = tokens[t];
    if (token?.kind === 'star') {
      starToken = t++;
      starEnd = n;
    } else if (token && matchesOne(token, name.charCodeAt(n))) {
      t++;
      n++;
    } else if (starToken >= 0) {
      t = starToken + 1;
      n = ++starEnd;
    } else return false;
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}
