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
  'accept.charset_lookup', 'accept.encoding_lookup', 'accept.language_filter_basic', 'accept.language_lookup', 'accept.media_lookup',
  'addr.extract_bits', 'addr.is_ipv4', 'addr.is_ipv6',
  'bin.base64_to_hex', 'bin.hex_to_base64',
  'boltsort.sort',
  'crypto.decrypt_base64', 'crypto.decrypt_hex', 'crypto.encrypt_base64', 'crypto.encrypt_hex',
  'digest.awsv4_hmac', 'digest.ecdsa_verify', 'digest.hash_crc32', 'digest.hash_crc32b', 'digest.hash_sha1_from_base64', 'digest.hash_sha256_from_base64', 'digest.hash_sha512_from_base64', 'digest.hash_xxh32', 'digest.hash_xxh32_from_base64', 'digest.hash_xxh64', 'digest.hash_xxh64_from_base64', 'digest.hmac_sha256_with_base64_key', 'digest.rsa_verify', 'digest.time_hmac_md5', 'digest.time_hmac_sha1', 'digest.time_hmac_sha256', 'digest.time_hmac_sha512',
  'early_hints', 'parse_time_delta', 'randombool_seeded', 'randomint_seeded',
  'fastly.ff.last_hop_was_serviceid', 'fastly.hash', 'fastly.try_select_shield',
  'h2.disable_header_compression', 'h2.push',
  'h3.alt_svc',
  'math.acos', 'math.acosh', 'math.asin', 'math.asinh', 'math.atan', 'math.atan2', 'math.atanh', 'math.cos', 'math.cosh', 'math.exp', 'math.exp2', 'math.is_finite', 'math.is_infinite', 'math.is_nan', 'math.is_normal', 'math.is_subnormal', 'math.log', 'math.log10', 'math.log2', 'math.roundhalfdown', 'math.roundhalfup', 'math.sin', 'math.sinh', 'math.sqrt', 'math.tan', 'math.tanh',
  'ratelimit.check_rate', 'ratelimit.check_rates', 'ratelimit.penaltybox_add', 'ratelimit.penaltybox_has', 'ratelimit.ratecounter_increment',
  'resp.tarpit',
  'setcookie.delete_by_name',
  'std.anystr2ip', 'std.basename', 'std.dirname', 'std.ip2str', 'std.itoa_charset', 'std.replace_prefix', 'std.replace_suffix', 'std.strcasecmp', 'std.strpad', 'std.strrep', 'std.strrev', 'std.strtof',
  'table.lookup_acl', 'table.lookup_regex',
  'time.hex_to_time', 'time.interval_elapsed_ratio', 'time.runits', 'time.units',
  'url.normalize',
  'utf8.codepoint_count', 'utf8.is_valid', 'utf8.strpad', 'utf8.substr',
  'uuid.dns', 'uuid.is_version3', 'uuid.is_version5', 'uuid.is_version7', 'uuid.oid', 'uuid.url', 'uuid.version3', 'uuid.version5', 'uuid.version7', 'uuid.x500',
]);

/** Where the table deliberately differs from a row, and why (a reference page wins over its row). */
const DIFFERS: Record<string, string> = {
  'querystring.sort': 'under review (issue 12): the table accepts a second BOOL argument the row does not list',
};

/** vcl-edge's own functions beyond Fastly's documented ones. */
const EXTENSIONS = new Set(['if']);

/** How the spec writes one of our parameter kinds. */
function specType(t: ParamType): string {
  if (t === 'REGEX') return 'STRING'; // a pattern is a STRING argument on Fastly's pages
  if (t === 'HEADER') return 'ID'; // std.collect(req.http.Cookie): a header variable written as a bare name
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
      const want = row.signatures!.split(' | ').map((s) => s.trim()).sort();
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
