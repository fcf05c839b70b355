// Header lists between VCL and the wire. Node's HTTP parser hands header values and URLs over one char
// per byte (latin1) and writes such strings back byte for byte; VCL holds byte strings (src/bytes.ts).
// So values are converted where they cross, and any byte, valid UTF-8 or not, passes through unchanged.
import { fromWire, toWire } from '../values/bytes.js';
import type { Headers } from '../values/headers.js';

/** Headers as Node received them → VCL strings. */
export function headersFromWire(headers: Headers): Headers {
  return headers.mapValues(fromWire);
}

/** VCL headers → what Node should write. */
export function headersToWire(headers: Headers): Headers {
  return headers.mapValues(toWire);
}
