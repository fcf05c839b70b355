// The VCL token vocabulary, in the order the lexer tries it.
// Order matters where patterns overlap: longer operators before their prefixes, RTIME before numbers,
// keywords before Identifier (with `longer_alt` so `settings` or `set-x` stay identifiers).

import { createToken, Lexer, type CustomPatternMatcherFunc, type TokenType } from './chevrotain.js';

// ---------- Trivia ----------

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED, line_breaks: true });

// Comments are kept in their own group: `#FASTLY recv` and `# vcl-edge-disable-next-line` carry meaning.
export const COMMENTS = 'comments';
export const HashComment = createToken({ name: 'HashComment', pattern: /#[^\n\r]*/, group: COMMENTS });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: COMMENTS });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: COMMENTS,
  line_breaks: true,
});

/** Fastly-generated VCL has bare `C!` / `W!` control lines; they count as comments only alone on their line. */
const matchControlMarker: CustomPatternMatcherFunc = (text, offset) => {
  const first = text.charCodeAt(offset);
  if ((first !== 67 /* C */ && first !== 87) /* W */ || text.charCodeAt(offset + 1) !== 33 /* ! */) return null;
  const after = text.charAt(offset + 2);
  if (after !== '' && after !== '\n' && after !== '\r' && after !== ' ' && after !== '\t') return null;
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charAt(i);
    if (c === '\n') break;
    if (c !== ' ' && c !== '\t' && c !== '\r') return null;
  }
  return [text.slice(offset, offset + 2)] as RegExpExecArray;
};
export const ControlMarker = createToken({
  name: 'ControlMarker',
  pattern: { exec: matchControlMarker },
  start_chars_hint: ['C', 'W'],
  line_breaks: false,
  group: COMMENTS,
});

// ---------- Categories ----------
// A category lets the parser CONSUME "any string" or "any comparison operator" in one step, without an OR.

export const AnyString = createToken({ name: 'AnyString', pattern: Lexer.NA, label: 'a string' });
export const AnyInteger = createToken({ name: 'AnyInteger', pattern: Lexer.NA, label: 'an integer' });
export const ComparisonOperator = createToken({ name: 'ComparisonOperator', pattern: Lexer.NA, label: 'a comparison operator' });
export const AssignOperator = createToken({ name: 'AssignOperator', pattern: Lexer.NA, label: 'an assignment operator ("=", "+=", …)' });
export const UnsetKeyword = createToken({ name: 'UnsetKeyword', pattern: Lexer.NA, label: '"unset"' });
export const SyntheticKeyword = createToken({ name: 'SyntheticKeyword', pattern: Lexer.NA, label: '"synthetic"' });
export const BareStatementKeyword = createToken({ name: 'BareStatementKeyword', pattern: Lexer.NA, label: 'a statement' });
export const PenaltyboxOrRatecounter = createToken({ name: 'PenaltyboxOrRatecounter', pattern: Lexer.NA, label: '"penaltybox"' });
export const PragmaWord = createToken({ name: 'PragmaWord', pattern: Lexer.NA, label: 'a pragma word' });
export const LogicalOperator = createToken({ name: 'LogicalOperator', pattern: Lexer.NA, label: '"&&" or "||"' });

// ---------- Literals ----------

/** `{"…"}` and heredoc `{DELIM"…"DELIM}`: no escapes, may span lines. The delimiter needs a back-reference. */
const matchLongString: CustomPatternMatcherFunc = (text, offset) => {
  if (text.charCodeAt(offset) !== 123 /* { */) return null;
  let i = offset + 1;
  while (i < text.length && /[A-Za-z0-9_]/.test(text.charAt(i))) i++;
  if (text.charCodeAt(i) !== 34 /* " */) return null;
  const closing = '"' + text.slice(offset + 1, i) + '}';
  const end = text.indexOf(closing, i + 1);
  if (end < 0) return null;
  return [text.slice(offset, end + closing.length)] as RegExpExecArray;
};
export const LongString = createToken({
  name: 'LongString',
  pattern: { exec: matchLongString },
  start_chars_hint: ['{'],
  line_breaks: true,
  label: 'a long string',
  categories: [AnyString],
});
export const StringLiteral = createToken({ name: 'String', pattern: /"[^"\n\r]*"/, label: 'a string', categories: [AnyString, PragmaWord] });

// RTIME: a number and a unit, optionally separated by spaces (`5 m`), not running on into an identifier.
export const RTime = createToken({
  name: 'RTime',
  pattern: /\d+(?:\.\d+)?[ \t]*(?:ms|s|m|h|d|w|y)(?![A-Za-z0-9_.:*-])/,
  label: 'a duration',
});
export const Float = createToken({ name: 'Float', pattern: /\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/, label: 'a number' });
export const HexInteger = createToken({ name: 'HexInteger', pattern: /0[xX][0-9a-fA-F]+/, label: 'a number', categories: [AnyInteger] });
export const Integer = createToken({ name: 'Integer', pattern: /\d+/, label: 'an integer', categories: [AnyInteger, PragmaWord] });

// ---------- Identifiers and keywords ----------

// `req.http.X-Forwarded-For`, `req.http.Cookie:session` (a `:` must be followed by a name char, so `label:` and
// `default:` end before it), `req.http.X-*` (trailing wildcard for unset).
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_.-]+)*\*?/,
  label: 'a name',
  categories: [PragmaWord],
});

function keyword(name: string, word: string, categories: TokenType[] = []): TokenType {
  const pattern = new RegExp(word.replace('.', '\\.'));
  return createToken({ name, pattern, longer_alt: Identifier, label: `"${word}"`, categories });
}

export const Acl = keyword('Acl', 'acl');
export const Backend = keyword('Backend', 'backend');
export const Director = keyword('Director', 'director');
export const Table = keyword('Table', 'table');
export const Sub = keyword('Sub', 'sub');
export const Add = keyword('Add', 'add');
export const Call = keyword('Call', 'call');
export const Declare = keyword('Declare', 'declare');
export const ErrorKw = keyword('Error', 'error');
export const Esi = keyword('Esi', 'esi', [BareStatementKeyword]);
export const Include = keyword('Include', 'include');
export const Import = keyword('Import', 'import');
export const Log = keyword('Log', 'log');
export const Restart = keyword('Restart', 'restart', [BareStatementKeyword]);
export const Return = keyword('Return', 'return');
export const Set = keyword('Set', 'set');
export const SyntheticBase64 = keyword('SyntheticBase64', 'synthetic.base64', [SyntheticKeyword]);
export const Synthetic = keyword('Synthetic', 'synthetic', [SyntheticKeyword]);
export const Unset = keyword('Unset', 'unset', [UnsetKeyword]);
export const Remove = keyword('Remove', 'remove', [UnsetKeyword]);
export const If = keyword('If', 'if');
export const Else = keyword('Else', 'else');
export const ElseIf = keyword('ElseIf', 'elseif');
export const Elsif = keyword('Elsif', 'elsif');
export const Penaltybox = keyword('Penaltybox', 'penaltybox', [PenaltyboxOrRatecounter]);
export const Ratecounter = keyword('Ratecounter', 'ratecounter', [PenaltyboxOrRatecounter]);
export const Goto = keyword('Goto', 'goto');
export const Switch = keyword('Switch', 'switch');
export const Case = keyword('Case', 'case');
export const Default = keyword('Default', 'default');
export const Break = keyword('Break', 'break', [BareStatementKeyword]);
export const Fallthrough = keyword('Fallthrough', 'fallthrough', [BareStatementKeyword]);
export const Pragma = keyword('Pragma', 'pragma');
export const Describe = keyword('Describe', 'describe');
export const True = keyword('True', 'true', [PragmaWord]);
export const False = keyword('False', 'false', [PragmaWord]);

// `rol=` / `ror=` look like a name followed by `=`; they must be tried before Identifier.
export const RolAssign = createToken({ name: 'RolAssign', pattern: /rol=/, label: '"rol="', categories: [AssignOperator] });
export const RorAssign = createToken({ name: 'RorAssign', pattern: /ror=/, label: '"ror="', categories: [AssignOperator] });

// Keywords must precede Identifier; `elseif`/`elsif` precede `else`, `synthetic.base64` precedes `synthetic`.
const keywords: TokenType[] = [
  Acl, Backend, Director, Table, Sub, Add, Call, Declare, ErrorKw, Esi, Include, Import, Log, Restart, Return,
  Set, SyntheticBase64, Synthetic, Unset, Remove, If, ElseIf, Elsif, Else, Penaltybox, Ratecounter, Goto,
  Switch, Case, Default, Break, Fallthrough, Pragma, Describe, True, False,
];

// ---------- Operators and punctuation ----------

function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: text, label: `"${text}"`, categories });
}

export const ShlAssign = punct('ShlAssign', '<<=', [AssignOperator]);
export const ShrAssign = punct('ShrAssign', '>>=', [AssignOperator]);
export const AndAssign = punct('AndAssign', '&&=', [AssignOperator]);
export const OrAssign = punct('OrAssign', '||=', [AssignOperator]);
export const PlusAssign = punct('PlusAssign', '+=', [AssignOperator]);
export const MinusAssign = punct('MinusAssign', '-=', [AssignOperator]);
export const StarAssign = punct('StarAssign', '*=', [AssignOperator]);
export const SlashAssign = punct('SlashAssign', '/=', [AssignOperator]);
export const PercentAssign = punct('PercentAssign', '%=', [AssignOperator]);
export const BitOrAssign = punct('BitOrAssign', '|=', [AssignOperator]);
export const BitAndAssign = punct('BitAndAssign', '&=', [AssignOperator]);
export const XorAssign = punct('XorAssign', '^=', [AssignOperator]);
export const Equal = punct('Equal', '==', [ComparisonOperator]);
export const NotEqual = punct('NotEqual', '!=', [ComparisonOperator]);
export const NotMatch = punct('NotMatch', '!~', [ComparisonOperator]);
export const LessEqual = punct('LessEqual', '<=', [ComparisonOperator]);
export const GreaterEqual = punct('GreaterEqual', '>=', [ComparisonOperator]);
export const And = punct('And', '&&', [LogicalOperator]);
export const Or = punct('Or', '||', [LogicalOperator]);
export const Assign = punct('Assign', '=', [AssignOperator]);
export const Match = punct('Match', '~', [ComparisonOperator]);
export const Less = punct('Less', '<', [ComparisonOperator]);
export const Greater = punct('Greater', '>', [ComparisonOperator]);
export const Bang = punct('Bang', '!');
export const Plus = punct('Plus', '+');
export const Minus = punct('Minus', '-');
export const Slash = punct('Slash', '/');
export const Percent = punct('Percent', '%');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const Semicolon = punct('Semicolon', ';');
export const Comma = punct('Comma', ',');
export const Colon = punct('Colon', ':');
/** `.host` in backend / director / probe blocks: the dot and the name form one token, so keywords can't interfere. */
export const PropertyName = createToken({ name: 'PropertyName', pattern: /\.[A-Za-z_][A-Za-z0-9_]*/, label: 'a ".property"' });

/** Every token, in matching order. */
export const allTokens: TokenType[] = [
  AnyString, AnyInteger, ComparisonOperator, AssignOperator, UnsetKeyword, SyntheticKeyword, BareStatementKeyword,
  PenaltyboxOrRatecounter, PragmaWord, LogicalOperator,
  WhiteSpace,
  HashComment, LineComment, BlockComment, ControlMarker,
  LongString, StringLiteral,
  RTime, HexInteger, Float, Integer,
  RolAssign, RorAssign,
  ...keywords,
  Identifier,
  ShlAssign, ShrAssign, AndAssign, OrAssign, PlusAssign, MinusAssign, StarAssign, SlashAssign, PercentAssign,
  BitOrAssign, BitAndAssign, XorAssign, Equal, NotEqual, NotMatch, LessEqual, GreaterEqual, And, Or,
  Assign, Match, Less, Greater, Bang, Plus, Minus, Slash, Percent,
  LBrace, RBrace, LParen, RParen, Semicolon, Comma, Colon, PropertyName,
];
