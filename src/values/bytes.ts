// VCL strings are byte strings; JS strings are UTF-16. A STRING value is held as the JS string its bytes
// decode to as UTF-8, except that a byte which is not part of a valid UTF-8 sequence is held as the lone
// surrogate U+DC00 + byte (Python's "surrogateescape"). So text written in tests and VCL reads as itself,
// and any byte sequence (`%FF`, a cut in the middle of a character) survives a round trip unchanged.
// All-ASCII strings, the common case, take fast paths that allocate nothing.

const ASCII = /^[\x00-\x7f]*$/;
/** A low surrogate with no high surrogate before it: an escaped byte (or a broken JS string). */
const LONE_LOW = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The VCL string whose bytes these are. */
export function fromBytes(bytes: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return decodeEscaping(bytes);
  }
}

/** UTF-8 decoding that keeps each byte of an invalid sequence as U+DC00 + byte. */
function decodeEscaping(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need === 0) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    if (need > 0 && i + need < bytes.length) {
      try {
        out += strictUtf8.decode(bytes.subarray(i, i + need + 1));
        i += need + 1;
        continue;
      } catch {
        // not a valid sequence: escape its first byte and go on from the next
      }
    }
    out += String.fromCharCode(0xdc00 + b);
    i++;
  }
  return out;
}

/** The bytes of a VCL string. */
export function toBytes(s: string): Buffer {
  if (ASCII.test(s) || !LONE_LOW.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const escaped = c >= 0xdc80 && c <= 0xdcff && !(i > 0 && isHigh(s.charCodeAt(i - 1)));
    if (!escaped) continue;
    parts.push(Buffer.from(s.slice(start, i), 'utf8'), Buffer.of(c - 0xdc00));
    start = i + 1;
  }
  parts.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** How many bytes the VCL string has (std.strlen). */
export function byteLength(s: string): number {
  if (ASCII.test(s)) return s.length;
  return LONE_LOW.test(s) ? toBytes(s).length : Buffer.byteLength(s, 'utf8');
}

/** True when every byte of the string is part of valid UTF-8 (no escaped byte). */
export function isValidUtf8(s: string): boolean {
  return ASCII.test(s) || !LONE_LOW.test(s);
}

/** A header value or URL as Node hands it over (one char per byte, latin1) → VCL string. */
export function fromWire(latin1: string): string {
  return ASCII.test(latin1) ? latin1 : fromBytes(Buffer.from(latin1, 'latin1'));
}

/** A VCL string → the one-char-per-byte form Node writes as those bytes (headers, request line). */
export function toWire(s: string): string {
  return ASCII.test(s) ? s : toBytes(s).toString('latin1');
}
