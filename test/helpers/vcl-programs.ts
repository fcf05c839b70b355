// Generated VCL programs (as source text) for property tests: every construct of the grammar, always valid.
import fc from 'fast-check';

const name = fc.constantFrom('req.url', 'req.http.X-A', 'req.http.Cookie:id', 'var.x', 'beresp.ttl', 'client.ip', 'F_Host_1', 'resp.status');
const stringBody = fc.stringMatching(/^[a-zA-Z0-9 /^$.*?]{0,8}$/);
const literal = fc.oneof(
  stringBody.map((s) => `"${s}"`),
  stringBody.map((s) => `"${s}%20"`),
  stringBody.map((s) => `{"${s}"}`),
  stringBody.map((s) => `{EOT"${s}"EOT}`),
  fc.nat(99999).map(String),
  fc.nat(255).map((n) => `0x${n.toString(16)}`),
  fc.tuple(fc.nat(99), fc.nat(99)).map(([a, b]) => `${a}.${b}`),
  fc.tuple(fc.nat(999), fc.constantFrom('ms', 's', 'm', 'h', 'd', 'w', 'y'), fc.constantFrom('', ' ')).map(([n, unit, space]) => `${n}${space}${unit}`),
  fc.nat(99).map((n) => `-${n}`),
  fc.constantFrom('true', 'false'),
);

const { expression } = fc.letrec<{ expression: string; term: string }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, maxDepth: 3 },
    literal,
    name,
    fc.tuple(fc.constantFrom('std.tolower', 'regsub', 'if', 'now'), fc.array(tie('expression'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    tie('expression').map((e) => `(${e})`),
    name.map((n) => `-${n}`),
  ),
  expression: fc
    .array(
      fc.tuple(
        fc.constantFrom('', '!', '!!'),
        fc.array(fc.tuple(fc.constantFrom(' ', ' + '), tie('term')), { minLength: 1, maxLength: 3 }),
        fc.option(fc.tuple(fc.constantFrom('==', '!=', '~', '!~', '<', '>', '<=', '>='), tie('term'))),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .chain((operands) =>
      fc.array(fc.constantFrom('&&', '||'), { minLength: operands.length - 1, maxLength: operands.length - 1 }).map((ops) =>
        operands
          .map(([bangs, chain, comparison]) => {
            const concat = chain.map(([sep, term], i) => (i === 0 ? term : `${sep}${term}`)).join('');
            return `${bangs}${concat}${comparison ? ` ${comparison[0]} ${comparison[1]}` : ''}`;
          })
          .reduce((acc, operand, i) => `${acc} ${ops[i - 1]} ${operand}`),
      ),
    ),
}));

export const { statement } = fc.letrec<{ statement: string; block: string }>((tie) => ({
  block: fc.array(tie('statement'), { maxLength: 3 }).map((body) => `{\n${body.join('\n')}\n}`),
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, maxDepth: 3 },
    fc.tuple(name, fc.constantFrom('=', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '<<=', '>>=', 'rol=', 'ror=', '&&=', '||='), expression).map(([t, op, e]) => `set ${t} ${op} ${e};`),
    fc.tuple(fc.constantFrom('unset', 'remove'), name).map(([k, t]) => `${k} ${t};`),
    fc.tuple(name, expression).map(([t, e]) => `add ${t} = ${e};`),
    fc.tuple(fc.constantFrom('STRING', 'INTEGER', 'BOOL'), fc.option(expression)).map(([type, init]) => `declare local var.y ${type}${init ? ` = ${init}` : ''};`),
    fc
      .tuple(expression, tie('block'), fc.array(fc.tuple(fc.constantFrom('else if', 'elseif', 'elsif'), expression, tie('block')), { maxLength: 2 }), fc.option(tie('block')))
      .map(([c, b, elifs, otherwise]) => `if (${c}) ${b}${elifs.map(([k, ec, eb]) => ` ${k} (${ec}) ${eb}`).join('')}${otherwise ? ` else ${otherwise}` : ''}`),
    fc.constantFrom('return;', 'return(pass);', 'return lookup;', 'return(error);', 'return restart;'),
    expression.map((e) => `return ${e};`),
    fc.constantFrom('call my_sub;', 'restart;', 'esi;', 'break;', 'fallthrough;', 'goto retry;', 'retry:'),
    fc.tuple(fc.option(literal), fc.option(expression)).map(([status, response]) => `error${status ? ` ${status}` : ''}${status && response ? ` ${response}` : ''};`),
    fc.tuple(fc.constantFrom('synthetic', 'synthetic.base64', 'log'), expression).map(([k, e]) => `${k} ${e};`),
    fc.array(expression, { maxLength: 2 }).map((args) => `std.collect(${args.join(', ')});`),
    fc
      .tuple(expression, fc.array(fc.tuple(fc.constantFrom('case "a":', 'case ~ "^b":', 'case 3:', 'default:'), fc.array(tie('statement'), { maxLength: 2 })), { maxLength: 3 }))
      .map(([subject, cases]) => `switch (${subject}) {\n${cases.map(([c, body]) => `${c}\n${body.join('\n')}`).join('\n')}\n}`),
    tie('block'),
  ),
}));

const property = fc.tuple(fc.constantFrom('.host', '.port', '.weight', '.ssl_check_cert'), expression).map(([n, e]) => `${n} = ${e};`);
const declaration = fc.oneof(
  fc.tuple(fc.option(fc.constantFrom('BOOL', 'STRING')), fc.array(statement, { maxLength: 4 })).map(([type, body]) => `sub custom${type ? ` ${type}` : ''} {\n${body.join('\n')}\n}`),
  fc.array(statement, { maxLength: 3 }).map((body) => `sub f(STRING var.s, INTEGER var.n) {\n${body.join('\n')}\n}`),
  fc.array(property, { maxLength: 3 }).map((props) => `backend b {\n${props.join('\n')}\n.probe = {\n${props.join('\n')}\n}\n}`),
  fc.array(fc.array(property, { maxLength: 2 }), { maxLength: 2 }).map((members) => `director d random {\n.quorum = 50%;\n${members.map((m) => `{ ${m.join(' ')} }`).join('\n')}\n}`),
  fc.array(fc.tuple(fc.boolean(), fc.option(fc.nat(32))), { maxLength: 3 }).map((entries) => `acl a {\n${entries.map(([neg, p]) => `${neg ? '! ' : ''}"10.0.0.0"${p === null ? '' : `/${p}`};`).join('\n')}\n}`),
  fc.array(fc.tuple(stringBody, literal), { maxLength: 3 }).map((entries) => `table t {\n${entries.map(([k, v]) => `"${k}": ${v},`).join('\n')}\n}`),
  fc.constantFrom('include "x";', 'import std;', 'penaltybox pb { }', 'ratecounter rc { }', 'pragma optional_param geoip_opt_in true;'),
  fc.array(statement, { maxLength: 2 }).map((body) => `describe d {\nbefore_recv {\n${body.join('\n')}\n}\nsub test_a {\n${body.join('\n')}\n}\n}`),
);
export const program = fc.array(declaration, { minLength: 1, maxLength: 4 }).map((ds) => ds.join('\n\n'));
