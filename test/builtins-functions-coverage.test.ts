// Every function Fastly documents (spec/fastly-functions.tsv) is in the builtins table with Fastly's
// argument lists, return type and subroutines; and the table has no function Fastly does not document,
// unless it is marked as a vcl-edge extension.
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE, FUNCTIONS } from '../src/builtins/functions/index.js';
import type { FunctionSpec, ParamType } from '../src/builtins/functions/types.js';
import { SCOPES } from '../src/values/context.js';
import { readSpecTable } from './helpers/spec-tables.js';

const rows = readSpecTable('fastly-functions.tsv');

/** Functions not built yet (issue 12 is under way): this list only shrinks. */
const PENDING = new Set<string>([
]);

/** Where the table deliberately differs from a row, and why (a reference page wins over its row). */
const DIFFERS: Record<string, string> = {};

/** Rows whose reference page documents more argument lists than the row: the table is held to the page. */
const PAGE_SIGNATURES: Record<string, { signatures: string; page: string }> = {
  'querystring.sort': { signatures: '(STRING) | (STRING, BOOL)', page: 'querystring-sort: STRING querystring.sort(STRING url, BOOL only_unique_keys), example querystring.sort(req.url, true)' },
  'boltsort.sort': { signatures: '(STRING) | (STRING, BOOL)', page: 'boltsort-sort: "Alias of querystring.sort", STRING boltsort.sort(STRING url, BOOL only_unique_keys)' },
};

/** vcl-edge's own functions beyond Fastly's documented ones. */
const EXTENSIONS = new Set(['if']);

/** How the spec writes one of our parameter kinds. */
function specType(t: ParamType): string {
  if (t === 'REGEX') return 'STRING'; // a pattern is a STRING argument on Fastly's pages
  if (t === 'HEADER') return 'ID'; // std.collect(req.http.Cookie): a header variable written as a bare name
  if (t === 'COLLECTION') return 'ID'; // std.count(req.headers): a collection written as a bare name
  if (t === 'RATECOUNTER' || t === 'PENALTYBOX') return 'ID'; // ratelimit.*: a declaration's name
  return t;
}

/** Every argument list a spec accepts, written as the TSV writes them: `(STRING, INTEGER)`. */
export function signatures(spec: FunctionSpec): string[] {
  const required = spec.params.length - (spec.optional ?? 0);
  const lists: string[] = [];
  for (let n = required; n <= spec.params.length; n++) {
    const types = spec.params.slice(0, n).map(specType);
    if (spec.rest) types.push(`${specType(spec.rest)}_LIST`);
    lists.push(`(${types.join(', ')})`);
  }
  return lists;
}

describe('every function of spec/fastly-functions.tsv', () => {
  for (const row of rows) {
    const name = row.name!;
    if (PENDING.has(name) || DIFFERS[name]) continue;
    it(name, () => {
      const spec = FUNCTION_TABLE.get(name);
      expect(spec, `${name} is missing from the builtins table`).toBeDefined();
      const want = (PAGE_SIGNATURES[name]?.signatures ?? row.signatures!).split(' | ').map((s) => s.trim()).sort();
      expect(signatures(spec!).sort(), `${name}: argument lists`).toEqual(want);
      expect(spec!.returns, `${name}: return type`).toBe(row.returns || 'VOID');
      expect([...(spec!.scopes ?? SCOPES)].sort(), `${name}: subroutines`).toEqual(row.scopes!.split(',').sort());
    });
  }
});

it('PENDING lists only functions still missing', () => {
  expect([...PENDING].filter((n) => FUNCTION_TABLE.has(n))).toEqual([]);
});

it('the table has no function the spec lacks, except vcl-edge extensions', () => {
  const documented = new Set(rows.map((r) => r.name));
  expect(FUNCTIONS.map((f) => f.name).filter((n) => !documented.has(n) && !EXTENSIONS.has(n))).toEqual([]);
});
