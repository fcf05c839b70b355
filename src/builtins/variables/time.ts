// now, time.start, time.elapsed, time.end and time.to_first_byte, with their text forms
// (`.sec`, `.msec`, `.usec` and the fractions Fastly logs).
import type { RequestContext } from '../../values/context.js';
import { ALL, at, ro, type VariableSpec } from './spec.js';
import type { Scope } from '../../values/context.js';

/** Milliseconds since the request started, to the microsecond (a monotonic clock). */
export const elapsedMs = (c: RequestContext): number => performance.now() - c.startedAtMono;
/** When the response finished (vcl_log), or now (vcl_deliver). */
const endMs = (c: RequestContext): number => c.responseBytes?.finishedAt ?? c.startedAt + elapsedMs(c);

/** An instant or a duration in ms as Fastly's text forms: seconds, ms, µs, and the ms / µs fractions. */
function textForms(prefix: string, what: string, scopes: readonly Scope[], ms: (c: RequestContext) => number): VariableSpec[] {
  const us = (c: RequestContext) => Math.floor(ms(c) * 1000);
  // Each form keeps its last text: requests in the same second (or ms) read the same one (X-Timer, every request).
  const sec = lastKept(String);
  const msecFrac = lastKept((n) => zeroPadded(n, 3));
  const usecFrac = lastKept((n) => zeroPadded(n, 6));
  return [
    ro(`${prefix}.sec`, 'STRING', scopes, `${what}, whole seconds.`, (c) => sec(Math.floor(ms(c) / 1000))),
    ro(`${prefix}.msec`, 'STRING', scopes, `${what}, whole milliseconds.`, (c) => String(Math.floor(ms(c)))),
    ro(`${prefix}.msec_frac`, 'STRING', scopes, `The milliseconds within the second of ${what.toLowerCase()} (3 digits).`, (c) => msecFrac(Math.floor(ms(c)) % 1000)),
    ro(`${prefix}.usec`, 'STRING', scopes, `${what}, whole microseconds.`, (c) => String(us(c))),
    ro(`${prefix}.usec_frac`, 'STRING', scopes, `The microseconds within the second of ${what.toLowerCase()} (6 digits).`, (c) => usecFrac(us(c) % 1_000_000)),
  ];
}

/** `format` that remembers its last number and text, so a number read again is not formatted again. */
function lastKept(format: (n: number) => string): (n: number) => string {
  let lastNumber = NaN; // equal to nothing: the first call formats
  let lastText = '';
  return (n) => {
    if (n !== lastNumber) {
      lastText = format(n);
      lastNumber = n;
    }
    return lastText;
  };
}

const ZEROS = ['', '0', '00', '000', '0000', '00000'];

/** `n` in at least `width` digits, zeros in front (as padStart, without its generic path). */
function zeroPadded(n: number, width: number): string {
  const digits = String(n);
  return digits.length >= width ? digits : ZEROS[width - digits.length] + digits;
}

const END = at('deliver,log');
const nowSeconds = lastKept(String);

export const TIME_VARIABLES: readonly VariableSpec[] = [
  ro('now', 'TIME', ALL, 'The current time.', (c) => c.now()),
  ro('now.sec', 'STRING', ALL, 'The current time in whole seconds since the epoch.', (c) => nowSeconds(Math.floor(c.now() / 1000))),
  ro('time.start', 'TIME', ALL, 'When the request started.', (c) => c.startedAt),
  ...textForms('time.start', 'The start of the request since the epoch', ALL, (c) => c.startedAt),
  ro('time.elapsed', 'RTIME', ALL, 'Time since the request started.', elapsedMs),
  ...textForms('time.elapsed', 'Time since the request started', ALL, elapsedMs),
  ro('time.end', 'TIME', END, 'When the response was sent (in vcl_deliver: now).', endMs),
  ...textForms('time.end', 'The end of the response since the epoch', END, endMs),
  ro('time.to_first_byte', 'RTIME', END, 'Time from the start of the request to the first byte of the response (in vcl_deliver: until now).', (c) => (c.firstByteAt ?? c.startedAt + elapsedMs(c)) - c.startedAt),
];
