// falco's interpreter tables (ysugimoto/falco interpreter/function/builtin/<name>_test.go) for fastly.*,
// h2.*, h3.alt_svc and http_status_matches, run through VCL. The VCL is ours; the expectations are theirs,
// except where a comment says why vcl-edge differs. (early_hints_test.go and fastly_try_select_shield_test.go
// are skipped in falco: nothing to compare.)
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { vcl } from './helpers/peer-calls.js';

const B = 'backend origin { .host = "127.0.0.1"; }\n';
const value = (expression: string) => vcl(expression).value;

describe('fastly.hash (fastly_hash_test.go)', () => {
  it('lands in [from, to], and is the same for the same key and seed', () => {
    const first = value('fastly.hash("example", 0, 10, 100)');
    for (let i = 0; i < 20; i++) expect(value('fastly.hash("example", 0, 10, 100)')).toBe(first);
    // falco calls it 1000 times with one key; more keys say more about the range.
    for (let i = 0; i < 200; i++) {
      const n = Number(value(`fastly.hash("key-${i}", ${i}, 10, 100)`));
      expect(n).toBeGreaterThanOrEqual(10);
      expect(n).toBeLessThanOrEqual(100);
    }
  });
});

describe('fastly.ff.last_hop_was_serviceid (fastly_ff_last_hop_was_serviceid_test.go)', () => {
  it('is false: no request reaches a local edge through another Fastly service', () => {
    expect(value('fastly.ff.last_hop_was_serviceid("test-service")')).toBe('0');
  });
});

describe('h2.* and h3.alt_svc (h2_*_test.go, h3_alt_svc_test.go): recorded on the request', () => {
  it('h2.push records the resource; h2.disable_header_compression the names', async () => {
    const res = await compile(`${B}sub vcl_recv { h2.push("/styles.css", "as"); h2.disable_header_compression("Authorization", "Secret"); error 200; }`).run({});
    expect(res.context.client?.pushes.map((p) => p.resource)).toEqual(['/styles.css']);
    // falco keeps the names as written; header names are case-insensitive, vcl-edge records them lower-cased.
    expect(res.context.client?.uncompressedHeaders).toEqual(['authorization', 'secret']);
  });

  it('h3.alt_svc marks the response for an Alt-Svc header', async () => {
    const res = await compile(`${B}sub vcl_recv { h3.alt_svc(); error 200; }`).run({});
    expect(res.context.client?.altSvc).toBe(true);
    expect(res.headers.get('Alt-Svc')).toMatch(/^h3=/);
  });
});

describe('http_status_matches (http_status_matches_test.go)', () => {
  it('matches a comma-separated list; a leading "!" inverts it', () => {
    const matches = (status: number, format: string) =>
      vcl(`http_status_matches(var.status, "${format}")`, `declare local var.status INTEGER; set var.status = ${status};`).value;
    expect(matches(200, '200,302,500')).toBe('1');
    expect(matches(200, '!200,302,500')).toBe('0');
    expect(matches(400, '200,302,500')).toBe('0');
    expect(matches(400, '!200,302,500')).toBe('1');
  });
});
