// VCL byte strings: the representation lives in the root module src/bytes.ts (it imports nothing, so the
// lexer can decode string literals with it too); the runtime's layers import it from here.
export { byteLength, canonicalBytes, concatBytes, fromBytes, fromWire, isAscii, isEscapedByte, isValidUtf8, sliceBytes, toBytes, toWire } from '../bytes.js';
