// VCL strings are byte strings; JS strings are UTF-16. A STRING value is held as the JS string its bytes
// decode to as UTF-8, except that a byte which is not part of a valid UTF-8 sequence is held as the lone
// surrogate U+DC00 + byte (Python's "surrogateescape"). So text written in tests and VCL reads as itself,
// and any byte sequence (`%FF`, a cut in the middle of a character) survives a round trip unchanged.
//
// The form is canonical: fromBytes() decodes every valid sequence, so two VCL strings hold the same bytes
// exactly when they are the same JS string, and `==`, Map keys and indexOf work on them as they are.
// Joining two strings can make escaped bytes at the seam a valid sequence: concatBytes() keeps the
// result canonical. All-ASCII strings, the common case, take fast paths that allocate nothing.
//
// A root module (it imports nothing) so that every layer may use it, the lexer's string literals too.

const ASCII = /^[\x00-\x7f]*$/;
/** A low surrogate with no high surrogate before it: an escaped byte (or a broken JS string). */
const LONE_LOW = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const LONE_LOWS = new RegExp(LONE_LOW.source, 'g');
const ESCAPE_BASE = 0xdc00;

export function isAscii(s: string): boolean {
  return ASCII.test(s);
}

/** True when every byte of the string is part of valid UTF-8 (no escaped byte). */
export function isValidUtf8(s: string): boolean {
  return ASCII.test(s) || !LONE_LOW.test(s);
}

/** The VCL string whose bytes these are. */
export function fromBytes(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let ascii = true;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return buf.toString('latin1');
  const text = buf.toString('utf8');
  // Node's decoder writes U+FFFD for each bad sequence; without one (or with real U+FFFDs only) it was valid.
  return text.includes('\uFFFD') ? decodeEscaping(buf) : text;
}

/** UTF-8 decoding that keeps each byte of an invalid sequence as U+DC00 + byte; valid runs decode in bulk. */
function decodeEscaping(buf: Buffer): string {
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < buf.length) {
    const length = sequenceLength(buf, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += buf.toString('utf8', runStart, i) + String.fromCharCode(ESCAPE_BASE + buf[i]!);
    i += 1;
    runStart = i;
  }
  return out + buf.toString('utf8', runStart, buf.length);
}

/** Length of the valid UTF-8 sequence starting at `i` (RFC 3629: no overlongs, surrogates or > U+10FFFF), or 0. */
function sequenceLength(buf: Buffer, i: number): number {
  const b = buf[i]!;
  if (b < 0x80) return 1;
  let need: number;
  let low = 0x80; // the range allowed for the second byte
  let high = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) low = 0xa0;
    if (b === 0xed) high = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) low = 0x90;
    if (b === 0xf4) high = 0x8f;
  } else return 0;
  if (i + need >= buf.length) return 0; // cut short by the end
  const second = buf[i + 1]!;
  if (second < low || second > high) return 0;
  for (let k = 2; k <= need; k++) {
    const c = buf[i + k]!;
    if (c < 0x80 || c > 0xbf) return 0;
  }
  return need + 1;
}

/** The bytes of a VCL string. */
export function toBytes(s: string): Buffer {
  if (isValidUtf8(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (!isEscapedAt(s, i)) continue;
    parts.push(Buffer.from(s.slice(start, i), 'utf8'), Buffer.of(s.charCodeAt(i) - ESCAPE_BASE));
    start = i + 1;
  }
  parts.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

/** Whether a UTF-16 unit is an escaped byte's (U+DC80–U+DCFF), as concatBytes checks at a seam. */
export function isEscapedByte(c: number): boolean {
  return c >= 0xdc80 && c <= 0xdcff;
}

function isEscapedAt(s: string, i: number): boolean {
  if (!isEscapedByte(s.charCodeAt(i))) return false;
  const before = i > 0 ? s.charCodeAt(i - 1) : 0;
  return !(before >= 0xd800 && before <= 0xdbff);
}

/** How many bytes the VCL string has (std.strlen). */
export function byteLength(s: string): number {
  if (ASCII.test(s)) return s.length;
  // Node counts each lone surrogate as the 3 bytes of U+FFFD; an escaped byte is one.
  const escaped = s.match(LONE_LOWS)?.length ?? 0;
  return Buffer.byteLength(s, 'utf8') - 2 * escaped;
}

/** Bytes [start, end) of the string, as a VCL string (a cut inside a character leaves escaped bytes). */
export function sliceBytes(s: string, start: number, end: number): string {
  if (ASCII.test(s)) return s.slice(start, end);
  return fromBytes(toBytes(s).subarray(start, end));
}

/** The canonical VCL string of the same bytes (for strings that were put together from pieces). */
export function canonicalBytes(s: string): string {
  return isValidUtf8(s) ? s : fromBytes(toBytes(s));
}

/** `a + b` as a VCL string: escaped bytes meeting at the seam may form a character (`"%C3" "%A9"` is "é"). */
export function concatBytes(a: string, b: string): string {
  const joined = a + b;
  return isEscapedByte(b.charCodeAt(0)) && isEscapedByte(a.charCodeAt(a.length - 1)) ? canonicalBytes(joined) : joined;
}

/** A header value or URL as Node hands it over (one char per byte, latin1) → VCL string. */
export function fromWire(latin1: string): string {
  return ASCII.test(latin1) ? latin1 : fromBytes(Buffer.from(latin1, 'latin1'));
}

/** A VCL string → the one-char-per-byte form Node writes as those bytes (headers, request line). */
export function toWire(s: string): string {
  return ASCII.test(s) ? s : toBytes(s).toString('latin1');
}
