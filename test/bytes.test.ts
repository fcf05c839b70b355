// VCL strings as bytes: any byte sequence survives the round trip through a JS string.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteLength, canonicalBytes, concatBytes, fromBytes, fromWire, isAscii, isValidUtf8, sliceBytes, toBytes, toWire } from '../src/values/bytes.js';
import { responseHeadBytes } from '../src/values/connection.js';
import { Headers } from '../src/values/headers.js';

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

/** Oracle: at each position, the one valid UTF-8 character there (strict decoder), else the escaped byte. */
function referenceDecode(bytes: Uint8Array): string {
  // ignoreBOM: a decoder otherwise drops U+FEFF (EF BB BF) as a byte-order mark, which VCL bytes are not.
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    let char: string | null = null;
    for (let k = 1; k <= 4 && char === null && i + k <= bytes.length; k++) {
      try {
        const decoded = strict.decode(bytes.subarray(i, i + k));
        if ([...decoded].length === 1) char = decoded;
      } catch {
        // not a whole character of k bytes
      }
    }
    out += char ?? String.fromCharCode(0xdc00 + bytes[i]!);
    i += char === null ? 1 : Buffer.byteLength(char);
  }
  return out;
}

/** Byte sequences rich in UTF-8 lead and continuation bytes, so valid and broken characters both occur. */
const INTERESTING = [0x61, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc3, 0xdf, 0xe0, 0xe3, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
const utf8ish = fc.array(fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 })), { maxLength: 64 }).map((b) => Uint8Array.from(b));

function isStrictUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('byte strings: the canonical form', () => {
  it('decodes like the reference: every valid character, each other byte escaped', () => {
    fc.assert(
      fc.property(utf8ish, (bytes) => {
        expect(fromBytes(bytes)).toBe(referenceDecode(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('escapes overlongs, surrogates, code points past U+10FFFF and cut-short sequences', () => {
    const escaped = (...bytes: number[]) => bytes.map((b) => String.fromCharCode(0xdc00 + b)).join('');
    expect(fromBytes(Buffer.from([0xc0, 0x80]))).toBe(escaped(0xc0, 0x80));
    expect(fromBytes(Buffer.from([0xed, 0xa0, 0x80]))).toBe(escaped(0xed, 0xa0, 0x80));
    expect(fromBytes(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(escaped(0xf4, 0x90, 0x80, 0x80));
    expect(fromBytes(Buffer.from([0xe3, 0x81, 0x41]))).toBe(`${escaped(0xe3, 0x81)}A`);
    expect(fromBytes(Buffer.from([0xf0, 0xe3, 0x81, 0x81]))).toBe(`${escaped(0xf0)}ぁ`);
    expect(fromBytes(Buffer.from('a\uFFFDb', 'utf8'))).toBe('a\uFFFDb'); // a real U+FFFD is text
    expect(fromBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('\uFEFFa'); // a leading BOM is a character, kept
  });

  it('counts, slices and checks bytes without leaving the string form', () => {
    fc.assert(
      fc.property(utf8ish, fc.nat(), fc.nat(), (bytes, a, b) => {
        const s = fromBytes(bytes);
        const [start, end] = [a % (bytes.length + 1), b % (bytes.length + 1)].sort((x, y) => x - y) as [number, number];
        expect(byteLength(s)).toBe(bytes.length);
        expect(sliceBytes(s, start, end)).toBe(fromBytes(bytes.subarray(start, end)));
        expect(isValidUtf8(s)).toBe(isStrictUtf8(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('joins two strings into the string of the joined bytes (escaped bytes at the seam may form a character)', () => {
    expect(concatBytes('\uDCC3', '\uDCA9')).toBe('é');
    expect(concatBytes('a\uDCF0\uDC9F', '\uDC8C\uDCAEb')).toBe('a🌮b');
    fc.assert(
      fc.property(utf8ish, utf8ish, (a, b) => {
        expect(concatBytes(fromBytes(a), fromBytes(b))).toBe(fromBytes(Buffer.concat([a, b])));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps all-ASCII strings as they are', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }), (s) => {
        expect(isAscii(s)).toBe(true);
        expect(fromBytes(Buffer.from(s, 'latin1'))).toBe(s);
        expect([fromWire(s), toWire(s), canonicalBytes(s), byteLength(s)]).toEqual([s, s, s, s.length]);
      }),
    );
  });
});

describe('counting what is sent', () => {
  it('resp.header_bytes_written counts a header value in its bytes, as toWire sends it', () => {
    const headers = new Headers([['X-Bytes', 'é\uDCFF']]); // "é" (2 bytes) and the byte FF
    const written = `HTTP/1.1 200 ${toWire('Ça va')}\r\nX-Bytes: ${toWire('é\uDCFF')}\r\n\r\n`;
    expect(responseHeadBytes(200, 'Ça va', headers, null)).toBe(Buffer.byteLength(written, 'latin1'));
  });
});
