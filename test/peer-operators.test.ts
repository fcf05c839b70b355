// `==` and `!=` over every pair of types, against falco's operator tables
// (ysugimoto/falco interpreter/operator/operator_equal_test.go, operator_not_equal_test.go): a value
// compares with a value of its own type only. The VCL is ours; where vcl-edge differs, a comment says why.
import { describe, expect, it } from 'vitest';
import { compile, VclError } from '../src/index.js';

const DECLS = 'backend foo { .host = "127.0.0.1"; }\nbackend bar { .host = "127.0.0.1"; }\n';

// One local of each type, set to the value falco's tables use.
const LOCALS: Record<string, string> = {
  INTEGER: 'declare local var.INTEGER INTEGER; set var.INTEGER = 10;',
  FLOAT: 'declare local var.FLOAT FLOAT; set var.FLOAT = 10.0;',
  STRING: 'declare local var.STRING STRING; set var.STRING = "example";',
  RTIME: 'declare local var.RTIME RTIME; set var.RTIME = 1s;',
  TIME: 'declare local var.TIME TIME; set var.TIME = now;',
  BACKEND: 'declare local var.BACKEND BACKEND; set var.BACKEND = foo;',
  BOOL: 'declare local var.BOOL BOOL; set var.BOOL = true;',
  IP: 'declare local var.IP IP; set var.IP = "127.0.0.1";',
};
const TYPES = Object.keys(LOCALS);
const ALL_LOCALS = Object.values(LOCALS).join(' ');

/** Whether `left op right` loads; when it does, what it gives. */
function compare(left: string, op: string, right: string): 'refused' | boolean {
  try {
    const r = compile(`${DECLS}sub vcl_recv { ${ALL_LOCALS} if (${left} ${op} ${right}) { set req.http.R = "1"; } }`).recv();
    return r.req.headers.get('R') === '1';
  } catch (e) {
    if (!(e instanceof VclError)) throw e;
    return 'refused';
  }
}

// vcl-edge lets INTEGER and FLOAT compare (a production service tests `client.geo.latitude != 0`, see
// peer-typing.test.ts), and an IP with a STRING holding an address (ACL-style checks of header values).
// A STRING on the left takes any other value as its text: Fastly was observed to (Fiddle 6c2ac451, falco's
// string_coercion example), overriding this older table; test/peer-coercion.test.ts has the values.
const STRING_LEFT = TYPES.filter((t) => t !== 'STRING').map((t) => `STRING ${t}`);
const ALSO_ALLOWED = new Set(['INTEGER FLOAT', 'FLOAT INTEGER', 'IP STRING', ...STRING_LEFT]);

describe('== and != between types (falco operator_equal_test.go, operator_not_equal_test.go)', () => {
  it('a value equals a value of its own type; other pairs do not load', () => {
    let pairs = 0;
    for (const left of TYPES) {
      for (const right of TYPES) {
        const got = compare(`var.${left}`, '==', `var.${right}`);
        if (left === right) expect(got, `${left} == ${right}`).toBe(true);
        else if (!ALSO_ALLOWED.has(`${left} ${right}`)) expect(got, `${left} == ${right}`).toBe('refused');
        else if (left === 'STRING') expect(got, `${left} == ${right}`).toBe(false); // "example" is no other value's text
        pairs++;
      }
    }
    expect(pairs).toBe(64);
  });

  it('!= is the negation, for each type with itself', () => {
    for (const type of TYPES) expect(compare(`var.${type}`, '!=', `var.${type}`), type).toBe(false);
  });

  it('a literal of the same type compares; two backends compare by name', () => {
    expect(compare('var.INTEGER', '==', '10')).toBe(true);
    expect(compare('var.FLOAT', '==', '10.0')).toBe(true);
    expect(compare('var.STRING', '==', '"example"')).toBe(true);
    expect(compare('var.RTIME', '==', '1s')).toBe(true);
    expect(compare('var.BOOL', '==', 'true')).toBe(true);
    expect(compare('var.BACKEND', '==', 'foo')).toBe(true);
    expect(compare('var.BACKEND', '==', 'bar')).toBe(false);
    expect(compare('var.STRING', '==', '10')).toBe('refused');
  });

  it('a literal is never the left side', () => {
    expect(compare('10', '==', 'var.INTEGER')).toBe('refused');
    expect(compare('true', '==', 'var.BOOL')).toBe('refused');
  });
});

describe('~ and !~ (falco operator_regex_test.go, operator_not_regex_test.go)', () => {
  it('only a STRING is matched, and only against a pattern written in the VCL', () => {
    for (const type of TYPES) {
      const got = compare(`var.${type}`, '~', '"amp"');
      expect(got, `${type} ~ "amp"`).toBe(type === 'STRING' ? true : 'refused');
    }
    expect(compare('var.STRING', '!~', '"amp"')).toBe(false);
    expect(compare('var.STRING', '~', 'var.STRING')).toBe('refused'); // a STRING value is no pattern
    expect(compare('var.STRING', '~', '"^++a"')).toBe('refused'); // not a valid regex
  });
});
