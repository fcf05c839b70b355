// uuid.*: the reference pages' examples (…/reference/vcl/functions/uuid/<name>/), published v3/v5 vectors
// (rust-uuid's and ramsey/uuid's tests, OpenTofu's uuidv5 docs) and the RFC 9562 layout of v4 and v7.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';

const contextAt = (nowMs: number, random = () => 0.5): FunctionContext => ({ headers: () => undefined, now: () => nowMs, random });
const callIn = (ctx: FunctionContext, name: string, ...args: unknown[]) => FUNCTION_TABLE.get(name)!.impl(ctx, ...args);
const call = (name: string, ...args: unknown[]) => callIn(contextAt(0), name, ...args);
/** A context with real randomness, as a request has: Node's UUID generator and Math.random. */
const liveAt = (nowMs: number): FunctionContext => ({ ...contextAt(nowMs, Math.random), randomUUID });

const LAYOUT = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('namespaces', () => {
  it('are RFC 4122\'s constants', () => {
    expect(call('uuid.dns')).toBe('6ba7b810-9dad-11d1-80b4-00c04fd430c8');
    expect(call('uuid.url')).toBe('6ba7b811-9dad-11d1-80b4-00c04fd430c8');
    expect(call('uuid.oid')).toBe('6ba7b812-9dad-11d1-80b4-00c04fd430c8');
    expect(call('uuid.x500')).toBe('6ba7b814-9dad-11d1-80b4-00c04fd430c8');
  });
});

describe('uuid.version3 (MD5)', () => {
  it('gives the reference pages\' examples', () => {
    expect(call('uuid.version3', call('uuid.dns'), 'www.example.com')).toBe('5df41881-3aed-3515-88a7-2f4a814cf09e');
    expect(call('uuid.version3', call('uuid.url'), 'https://www.example.com/')).toBe('7fed185f-0864-319f-875b-a3d5458e30ac');
    expect(call('uuid.version3', call('uuid.oid'), '2.999')).toBe('31cb1efa-18c4-3d19-89ba-df6a74ddbd1d');
    expect(call('uuid.version3', call('uuid.x500'), 'CN=Test User 1, O=Example Organization, ST=California, C=US')).toBe(
      'addf5e97-9287-3834-abfd-7edcbe7db56f',
    );
  });

  it('gives other libraries\' vectors', () => {
    expect(call('uuid.version3', call('uuid.dns'), 'example.org')).toBe('04738bdf-b25a-3829-a801-b21a1d25095b');
    expect(call('uuid.version3', call('uuid.url'), 'https://www.php.net')).toBe('3f703955-aaba-3e70-a3cb-baff6aa3b28f');
  });
});

describe('uuid.version5 (SHA-1)', () => {
  it('gives published vectors for each namespace', () => {
    expect(call('uuid.version5', call('uuid.dns'), 'www.opentofu.org')).toBe('df1e675d-b743-5f6c-9952-6311d0f141df');
    expect(call('uuid.version5', call('uuid.url'), 'https://www.opentofu.org/')).toBe('ace93eea-1a2c-5eed-b41b-718be15d2e50');
    expect(call('uuid.version5', call('uuid.oid'), '1.3.6.1.4')).toBe('af9d40a5-7a36-5c07-b23a-851cd99fbfa5');
    expect(call('uuid.version5', call('uuid.x500'), 'CN=Example,C=GB')).toBe('84e09961-4aa4-57f8-95b7-03edb1073253');
  });

  it('runs the reference page example: a valid version 5 UUID', () => {
    const id = call('uuid.version5', call('uuid.dns'), 'www.fastly.com') as string;
    expect(LAYOUT.exec(id)?.[1]).toBe('5');
    expect(call('uuid.is_version5', id)).toBe(true);
  });
});

describe('name-based UUIDs: edge cases', () => {
  it('cut the name at its first NUL byte (the reference pages say so)', () => {
    expect(call('uuid.version3', call('uuid.dns'), 'www.example.com\0ignored')).toBe('5df41881-3aed-3515-88a7-2f4a814cf09e');
    expect(call('uuid.version5', call('uuid.dns'), 'www.opentofu.org\0')).toBe('df1e675d-b743-5f6c-9952-6311d0f141df');
  });

  it('read the namespace in either case; a not-set name is ""', () => {
    expect(call('uuid.version3', '6BA7B810-9DAD-11D1-80B4-00C04FD430C8', 'example.org')).toBe('04738bdf-b25a-3829-a801-b21a1d25095b');
    expect(call('uuid.version5', call('uuid.dns'), null)).toBe(call('uuid.version5', call('uuid.dns'), ''));
  });

  it('give not set and EINVAL for a namespace that is not a UUID', () => {
    for (const namespace of ['dns', '', null, '6ba7b8109dad11d180b400c04fd430c8']) {
      const ctx = contextAt(0);
      expect(callIn(ctx, 'uuid.version5', namespace, 'x'), String(namespace)).toBeNull();
      expect(ctx.fastlyError).toBe('EINVAL');
    }
  });
});

describe('uuid.version4', () => {
  it('is random, of version 4 and the RFC variant', () => {
    const id = callIn(liveAt(0), 'uuid.version4') as string;
    expect(LAYOUT.exec(id)?.[1]).toBe('4');
    expect(callIn(liveAt(0), 'uuid.version4')).not.toBe(id);
    expect(call('uuid.is_version4', id)).toBe(true);
  });

  it('draws from ctx.random when a test fixes it', () => {
    expect(callIn(contextAt(0, () => 0), 'uuid.version4')).toBe('00000000-0000-4000-8000-000000000000');
  });
});

describe('uuid.version7', () => {
  it('starts with the Unix time in milliseconds, then version 7 and random bits', () => {
    const now = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    const id = callIn(liveAt(now), 'uuid.version7') as string;
    expect(LAYOUT.exec(id)?.[1]).toBe('7');
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
    expect(callIn(liveAt(now), 'uuid.version7')).not.toBe(id); // 74 random bits differ
    expect(callIn(contextAt(now, () => 0), 'uuid.version7')).toBe(`${id.slice(0, 13)}-7000-8000-000000000000`);
    expect(call('uuid.is_version7', id)).toBe(true);
  });

  it('sorts by time', () => {
    const earlier = callIn(contextAt(1_700_000_000_000), 'uuid.version7') as string;
    const later = callIn(contextAt(1_700_000_000_001), 'uuid.version7') as string;
    expect(earlier < later).toBe(true);
  });
});

describe('uuid.is_valid and uuid.is_version*', () => {
  const v1 = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
  const v3 = '5df41881-3aed-3515-88a7-2f4a814cf09e';
  const v4 = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
  const v5 = 'df1e675d-b743-5f6c-9952-6311d0f141df';
  const v7 = '01921e85-f198-7490-9b89-7dd0d468543b';

  it('is_valid accepts versions 1, 3, 4, 5 and 7 (its reference page), in either case', () => {
    for (const id of [v1, v3, v4, v5, v7, v1.toUpperCase()]) expect(call('uuid.is_valid', id), id).toBe(true);
  });

  it('is_valid refuses other versions, other variants and other shapes', () => {
    for (const id of [
      '00000000-0000-0000-0000-000000000000', // nil
      '6ba7b811-9dad-21d1-80b4-00c04fd430c8', // version 2
      '1ec9414c-232a-6b00-b3c8-9e6bdeced846', // version 6
      '6ba7b811-9dad-81d1-80b4-00c04fd430c8', // version 8
      'f47ac10b-58cc-4372-c567-0e02b2c3d479', // Microsoft variant
      'f47ac10b58cc4372a5670e02b2c3d479',
      '{f47ac10b-58cc-4372-a567-0e02b2c3d479}',
      ' f47ac10b-58cc-4372-a567-0e02b2c3d479',
      'not-a-uuid',
      '',
    ]) {
      expect(call('uuid.is_valid', id), id).toBe(false);
    }
    expect(call('uuid.is_valid', null)).toBe(false);
  });

  it('is_versionN accepts version N only', () => {
    const ids = { 3: v3, 4: v4, 5: v5, 7: v7 };
    for (const n of [3, 4, 5, 7] as const) {
      for (const [m, id] of Object.entries(ids)) expect(call(`uuid.is_version${n}`, id), `${n} of ${m}`).toBe(String(n) === m);
      expect(call(`uuid.is_version${n}`, null)).toBe(false);
    }
  });
});
