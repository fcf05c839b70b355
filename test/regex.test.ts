import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex, expandReplacement, RegexSyntaxError, translatePcre } from '../src/values/regex.js';

describe('compileRegex: matching', () => {
  it('captures groups like the Fastly cheat sheet example', () => {
    expect(compileRegex('^(a+)(b+)(c+)').exec('abbbccccc')).toEqual(['abbbccccc', 'a', 'bbb', 'ccccc']);
  });

  it('reports a group that took no part as null and no match as null', () => {
    expect(compileRegex('(a)|(b)').exec('b')).toEqual(['b', null, 'b']);
    expect(compileRegex('x').exec('abc')).toBeNull();
    expect(compileRegex('(a)(b)?').groupCount).toBe(2);
  });

  it('is case-sensitive unless (?i) is given', () => {
    expect(compileRegex('^www\\.').test('WWW.example.com')).toBe(false);
    expect(compileRegex('(?i)^www\\.').test('WWW.example.com')).toBe(true);
  });

  it('supports (?s) and (?m)', () => {
    expect(compileRegex('a.b').test('a\nb')).toBe(false);
    expect(compileRegex('(?s)a.b').test('a\nb')).toBe(true);
    expect(compileRegex('^b$').test('a\nb\nc')).toBe(false);
    expect(compileRegex('(?m)^b$').test('a\nb\nc')).toBe(true);
  });

  it('supports (?x) extended mode, scoped and global, keeping whitespace inside classes', () => {
    expect(compileRegex('(?x) ^ a \\ b  # comment\n c $').test('a bc')).toBe(true);
    expect(compileRegex('(?x)[ ]x').test(' x')).toBe(true);
    expect(compileRegex('(?x: a b ) c').test('ab c')).toBe(true);
    expect(compileRegex('(?x: a b ) c').test('abc')).toBe(false);
  });

  it('supports \\A, \\z and \\Z anchors', () => {
    expect(compileRegex('\\Afoo').test('xfoo')).toBe(false);
    expect(compileRegex('\\Afoo').test('foox')).toBe(true);
    expect(compileRegex('^/admin(/.*)?\\z').test('/admin/x')).toBe(true);
    expect(compileRegex('^/admin(/.*)?\\z').test('/adminx')).toBe(false);
    expect(compileRegex('jpg\\Z').test('a.jpg')).toBe(true);
  });

  it('drops (?#...) comments and matches slashes without escaping', () => {
    expect(compileRegex('a(?#note)b').test('ab')).toBe(true);
    expect(compileRegex('^/bins/([0-9a-f]+)').exec('/bins/ff0')?.[1]).toBe('ff0');
  });

  it('supports lookbehind', () => {
    expect(compileRegex('(?<=a)b').test('ab')).toBe(true);
    expect(compileRegex('(?<!a)b').test('ab')).toBe(false);
    expect(compileRegex('(?<!a)b').test('cb')).toBe(true);
  });

  it('treats \\Q…\\E as literal text and an escaped brace as no quantifier', () => {
    expect(compileRegex('\\Q(?=a+)\\E').test('x(?=a+)y')).toBe(true);
    expect(compileRegex('a\\{2}+').test('a{2}}')).toBe(true);
  });

  it('supports named groups and lazy quantifiers', () => {
    expect(compileRegex('(?<id>\\d+)').exec('x42')?.[1]).toBe('42');
    expect(compileRegex('a+?').exec('aaa')?.[0]).toBe('a');
  });

  it('caches compiled patterns', () => {
    expect(compileRegex('cached-(x)')).toBe(compileRegex('cached-(x)'));
  });
});

describe('compileRegex: rejected patterns (only what PCRE2 rejects, with its message)', () => {
  const rejects = (pattern: string, why: RegExp) => {
    let error: unknown;
    try {
      compileRegex(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegexSyntaxError);
    expect((error as Error).message).toMatch(why);
  };

  it('accepts what only a backtracking engine runs', () => {
    for (const p of ['(a)\\1', '(?<n>a)\\k<n>', '(?=a)', '^(?!param1|param2)', '(?>a+)', 'a++', 'a{2}+', '(a)(?1)', '(?R)?']) {
      expect(compileRegex(p).engine).toBe('backtrack');
    }
  });

  it('reports syntax errors with PCRE2\'s message and the offset', () => {
    rejects('(abc', /missing closing parenthesis at offset 0/);
    rejects('abc)', /unmatched closing parenthesis at offset 3/);
    rejects('[abc', /missing terminating \] for character class/);
    rejects('x{2,1}', /numbers out of order in \{\} quantifier/);
    rejects('x{65536}', /number too big in \{\} quantifier/);
    rejects('*a', /quantifier does not follow a repeatable item at offset 0/);
    rejects('a**', /quantifier does not follow a repeatable item/);
    rejects('(a)\\2', /reference to non-existent subpattern/);
    rejects('\\k<nope>', /reference to non-existent subpattern/);
    rejects('(?<n>a)(?<n>b)', /two named subpatterns have the same name/);
    rejects('(?<=a+)b', /lookbehind assertion is not limited/);
    rejects('[z-a]', /range out of order in character class/);
    rejects('[\\d-z]', /invalid range in character class/);
    rejects('[[:nope:]]', /unknown POSIX class name/);
    rejects('[:alpha:]', /POSIX named classes are supported only within a class/);
    rejects('\\p{Nope}', /unknown property name/);
    rejects('\\i', /unrecognized character follows \\/);
    rejects('\\U', /PCRE2 does not support/);
    rejects('(?z)', /unrecognized character after \(\? or \(\?-/);
    rejects('(*NOPE)', /\(\*VERB\) not recognized/);
    rejects('(?(1)a|b|c)', /conditional subpattern contains more than two branches/);
    rejects('abc\\', /\\ at end of pattern/);
    rejects('\\x{110000}', /character code point value in \\x\{\} or \\o\{\} is too large/);
  });

  it('keeps RegexSyntaxError fields', () => {
    try {
      compileRegex('(?=x');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RegexSyntaxError);
      expect((e as RegexSyntaxError).pattern).toBe('(?=x');
    }
  });
});

describe('translatePcre (the RE2 form of a regular pattern)', () => {
  it('makes PCRE2\'s meaning explicit: $ is \\z (subjects ending in a newline go elsewhere), classes are ranges', () => {
    expect(translatePcre('\\.(png|jpg|css|js)$')).toBe('\\.((?:png|jpg|css|js))\\z');
    expect(translatePcre('^[[:alpha:]]+')).toBe('\\A(?:[\\x{41}-\\x{5a}\\x{61}-\\x{7a}])+');
    expect(translatePcre('\\s')).toBe('[\\x{9}-\\x{d}\\x{20}]');
  });

  it('resolves (?i) and (?x) into the pattern', () => {
    expect(translatePcre('(?ix) a b')).toBe('(?i:[\\x{61}])(?i:[\\x{62}])');
    expect(translatePcre('(?x)a\\ b')).toBe('a\\x{20}b');
  });
});

describe('regsub / regsuball replacement', () => {
  it('deletes the query string (Fastly regsub example)', () => {
    expect(compileRegex('\\?.*$').replace('/a/b?x=1', '', false)).toBe('/a/b');
  });

  it('reads \\100 as group 1 followed by literal 00 (Fastly example)', () => {
    expect(compileRegex('^([1-5])..').replace('404', '\\100', false)).toBe('400');
  });

  it('supports \\0 and \\{N} for groups above 9', () => {
    const re = compileRegex('(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)');
    expect(re.replace('abcdefghijk', '\\{11}\\{10}-\\0', false)).toBe('kj-abcdefghijk');
  });

  it('inserts nothing for unmatched or missing groups', () => {
    expect(compileRegex('(a)|(b)').replace('b', '[\\1|\\2|\\7]', false)).toBe('[|b|]');
  });

  it('drops a backslash before any other character and keeps that character (falco regsub table)', () => {
    expect(compileRegex('x').replace('x', 'a\\b', false)).toBe('ab');
    expect(compileRegex('test').replace('test', '\\n\\t', false)).toBe('nt');
    expect(compileRegex('x').replace('x', 'a\\\\b', false)).toBe('a\\b');
  });

  it('continues after each replacement (regsuball("aaa", "a", "aa") is "aaaaaa")', () => {
    expect(compileRegex('a').replace('aaa', 'aa', true)).toBe('aaaaaa');
    expect(compileRegex('\\+').replace('a+b+c', '%2520', true)).toBe('a%2520b%2520c');
  });

  it('replaces only the first match for regsub', () => {
    expect(compileRegex('o').replace('foo', '0', false)).toBe('f0o');
  });

  it('handles empty matches without looping, skipping one right after a match', () => {
    expect(compileRegex('x*').replace('abc', '-', true)).toBe('-a-b-c-');
    expect(compileRegex('b*').replace('abc', '-', true)).toBe('-a-c-');
    expect(compileRegex('').replace('', '-', true)).toBe('-');
    expect(compileRegex('x*').replace('a😀b', '-', true)).toBe('-a-😀-b-');
  });

  it('expandReplacement handles a trailing backslash', () => {
    expect(expandReplacement('end\\', () => 'g')).toBe('end\\');
  });
});

describe('bounded time', () => {
  it('matches (a+)+$ against 30,000 a and a b quickly (regular: the linear engine runs it)', () => {
    const input = `${'a'.repeat(30_000)}b`;
    const started = Date.now();
    expect(compileRegex('(a+)+$').test(input)).toBe(false);
    expect(compileRegex('(a+)+$').exec(input)).toBeNull();
    expect(compileRegex('(a|aa)+$').replace(input, 'x', true)).toBe(input);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('never takes long on nested quantifiers (property)', () => {
    const patterns = ['(a*)*b', '(a|a)*c', '(.*a){12}', '^(\\w+\\s?)*$', '(x+x+)+y'];
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.string({ unit: fc.constantFrom('a', 'x', ' ', 'w'), maxLength: 3000 }), (p, s) => {
        const started = Date.now();
        compileRegex(p).exec(s);
        return Date.now() - started < 1_000;
      }),
      { numRuns: 40 },
    );
  });
});

describe('agreement with JavaScript RegExp on simple patterns', () => {
  // Patterns whose meaning is the same in PCRE, RE2 and JS. (A quantified group that can match
  // empty, like (b?)*, is left out: JS resets it to undefined where PCRE and RE2 report "".)
  const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '(a|b)', '(ab)', 'c');
  const quantifier = fc.constantFrom('', '*', '+', '?', '{1,2}', '*?', '+?');
  const pattern = fc
    .array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 4 })
    .chain((parts) => fc.tuple(fc.constant(parts.map(([a, q]) => a + q).join('')), fc.constantFrom('', '^'), fc.constantFrom('', '$')))
    .map(([body, start, end]) => `${start}${body}${end}`);
  const input = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1'), maxLength: 12 });

  it('test() and exec() agree', () => {
    fc.assert(
      fc.property(pattern, input, (p, s) => {
        const js = new RegExp(p).exec(s);
        const ours = compileRegex(p).exec(s);
        expect(ours).toEqual(js === null ? null : Array.from(js, (g) => g ?? null));
        expect(compileRegex(p).test(s)).toBe(js !== null);
      }),
      { numRuns: 400 },
    );
  });

  it('regsuball agrees with replace(/g) where empty matches cannot occur next to a match', () => {
    fc.assert(
      fc.property(pattern, input, (p, s) => {
        fc.pre(!new RegExp(p).test(''));
        const js = s.replace(new RegExp(p, 'g'), '<$&>');
        expect(compileRegex(p).replace(s, '<\\0>', true)).toBe(js);
      }),
      { numRuns: 400 },
    );
  });
});
