// VCL strings as bytes: any byte sequence survives the round trip through a JS string.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteLength, fromBytes, fromWire, isValidUtf8, toBytes, toWire } from '../src/values/bytes.js';

describe('byte strings', () => {
  it('reads valid UTF-8 as its text and counts its bytes', () => {
    expect(fromBytes(Buffer.from('é🌮', 'utf8'))).toBe('é🌮');
    expect(byteLength('é🌮')).toBe(6);
    expect(isValidUtf8('é🌮')).toBe(true);
  });

  it('keeps an invalid byte as itself', () => {
    const s = fromBytes(Buffer.from([0x61, 0xff, 0xe3, 0x62]));
    expect(s.length).toBe(4);
    expect(byteLength(s)).toBe(4);
    expect(isValidUtf8(s)).toBe(false);
    expect([...toBytes(s)]).toEqual([0x61, 0xff, 0xe3, 0x62]);
  });

  it('round-trips every byte sequence', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect([...toBytes(fromBytes(bytes))]).toEqual([...bytes]);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips through the one-char-per-byte form Node uses on the wire', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const wire = Buffer.from(bytes).toString('latin1');
        expect(toWire(fromWire(wire))).toBe(wire);
      }),
      { numRuns: 2000 },
    );
  });
});
