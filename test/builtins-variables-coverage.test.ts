// Every variable Fastly documents (spec/fastly-variables.tsv) is in the builtins table with Fastly's
// type, the subroutines it is available in, whether it may be set and unset, and whether it is
// deprecated; and the table has no variable the spec lacks, unless it is a vcl-edge extension.
import { describe, expect, it } from 'vitest';
import { HEADER_FAMILIES, NAMED_FAMILIES, VARIABLES, resolveVariable, type VariableSpec } from '../src/builtins/variables.js';
import type { Scope } from '../src/values/context.js';
import { readSpecTable } from './helpers/spec-tables.js';

const rows = readSpecTable('fastly-variables.tsv');

/** Where the table deliberately differs from a row, and why (a reference page wins over its row). */
const DIFFERS: Record<string, { type: string; scopes?: string; why: string }> = {
  'beresp.backend.name': {
    type: 'STRING',
    scopes: 'fetch,deliver,log,error',
    why: 'the page (backend-response/beresp-backend-name) now says "Available in: fetch, deliver, log, error"; empty when no backend answered',
  },
  'client.ip': { type: 'IP', why: 'the page (client-connection/client-ip) says "IP, read-only"; ACLs match it as an IP' },
  'backend.%any%.healthy': {
    type: 'BOOL',
    why: 'a truth value like req.backend.healthy and director.%any%.healthy (both BOOL on their pages): VCL tests it as `if (backend.F_x.healthy)`, which an INTEGER cannot be',
  },
};

/** Variables Fastly documents on pages of their own that the table leaves out. */
const DOCUMENTED_ELSEWHERE = /^re\.group\.(1?[0-9])$/; // https://developer.fastly.com/reference/vcl/variables/miscellaneous/re-group/

/** The TSV's name for one of our types. */
const specType = (t: string): string => (t === 'REQBACKEND' ? 'BACKEND' : t);
const sorted = (scopes: readonly string[]) => [...scopes].sort();

interface Entry {
  type: string;
  read: readonly Scope[];
  write: readonly Scope[];
  unset: boolean;
  deprecated: boolean;
}

/** The table's entry for a row's name: a fixed variable, a header family or a named family. */
function entryFor(name: string): Entry | undefined {
  if (name.includes('%any%')) {
    const header = HEADER_FAMILIES.find((f) => `${f.prefix}%any%` === name);
    if (header) return { type: 'STRING', read: header.read, write: header.write, unset: true, deprecated: false };
    const family = NAMED_FAMILIES.find((f) => f.pattern === name);
    return family && { type: family.type, read: family.read, write: family.write, unset: false, deprecated: false };
  }
  const r = resolveVariable(name);
  if (r?.kind !== 'predefined' || r.declared) return undefined;
  const spec: VariableSpec = r.spec;
  return { type: spec.type, read: spec.read, write: spec.write, unset: spec.unset !== undefined, deprecated: spec.deprecated !== undefined };
}

describe('every variable of spec/fastly-variables.tsv', () => {
  for (const row of rows) {
    const name = row.name!;
    it(name, () => {
      const entry = entryFor(name);
      expect(entry, `${name} is missing from the builtins table`).toBeDefined();
      const scopes = (DIFFERS[name]?.scopes ?? row.scopes!).split(',');
      const readable = row.type_read !== '';
      const settable = row.type_set !== '';
      const type = DIFFERS[name]?.type ?? specType(readable ? row.type_read! : row.type_set!);
      expect(entry!.type, `${name}: type`).toBe(type);
      if (settable) expect(specType(row.type_set!), `${name}: set as the type it reads as`).toBe(readable ? specType(row.type_read!) : type);
      expect(sorted(entry!.read), `${name}: subroutines it is read in`).toEqual(readable ? sorted(scopes) : []);
      expect(sorted(entry!.write), `${name}: subroutines it is set in`).toEqual(settable ? sorted(scopes) : []);
      expect(entry!.unset, `${name}: unset allowed`).toBe(row.unset === 'yes');
      expect(entry!.deprecated, `${name}: deprecated`).toBe(row.deprecated === 'yes');
    });
  }
});

it('DIFFERS lists only rows of the spec, each with a reason', () => {
  const names = new Set(rows.map((r) => r.name));
  for (const [name, { why }] of Object.entries(DIFFERS)) {
    expect(names.has(name), name).toBe(true);
    expect(why.length).toBeGreaterThan(20);
  }
});

it('the table has no variable the spec lacks, except vcl-edge extensions', () => {
  const documented = new Set(rows.map((r) => r.name!.toLowerCase()));
  const extra = [
    ...VARIABLES.filter((v) => !v.extension && !DOCUMENTED_ELSEWHERE.test(v.name)).map((v) => v.name),
    ...HEADER_FAMILIES.map((f) => `${f.prefix}%any%`),
    ...NAMED_FAMILIES.map((f) => f.pattern),
  ].filter((n) => !documented.has(n.toLowerCase()));
  expect(extra).toEqual([]);
});

it('a deprecated variable names what to use instead', () => {
  for (const v of VARIABLES.filter((x) => x.deprecated !== undefined)) expect(v.deprecated!.length, v.name).toBeGreaterThan(5);
});

it('every variable says what it is (and a doc line ends with a full stop)', () => {
  for (const v of VARIABLES) expect(v.doc, v.name).toMatch(/\.$/);
});
