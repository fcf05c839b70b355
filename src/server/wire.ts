// Header lists between VCL and the wire. Node's HTTP parser hands header values and URLs over one char
// per byte (latin1) and writes such strings back byte for byte; VCL holds byte strings (src/bytes.ts).
// So values are converted where they cross, and any byte, valid UTF-8 or not, passes through unchanged.
import { fromWire, toWire } from '../values/bytes.js';
import { Headers } from '../values/headers.js';

/** The same headers with each value converted; the list itself when no value changes (all ASCII). */
function convertValues(headers: Headers, convert: (value: string) => string): Headers {
  const pairs = headers.entries(); // fresh pairs: ours to change
  let changed = false;
  for (const pair of pairs) {
    const converted = convert(pair[1]);
    if (converted === pair[1]) continue;
    pair[1] = converted;
    changed = true;
  }
  return changed ? new Headers(pairs) : headers;
}

/** Headers as Node received them → VCL strings. */
export function headersFromWire(headers: Headers): Headers {
  return convertValues(headers, fromWire);
}

/** VCL headers → what Node should write. */
export function headersToWire(headers: Headers): Headers {
  return convertValues(headers, toWire);
}
