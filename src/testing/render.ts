// Values as failure messages show them: strings quoted, not-set spelled out, the rest as VCL prints it.
import type { TypedValue } from '../values/function-context.js';
import { toVclString } from '../values/values.js';

export function render(t: TypedValue): string {
  if (t.value === null) return t.type === 'STRING' || t.type === 'IP' ? '(not set)' : 'null';
  if (t.type === 'STRING') return JSON.stringify(t.value);
  if (t.type === 'BOOL') return String(t.value);
  return toVclString(t.type, t.value) ?? 'null';
}

/** A value with its type, for type-mismatch messages: `INTEGER 200`. */
export function renderTyped(t: TypedValue): string {
  return `${t.type} ${render(t)}`;
}

/**
 * falco compares values by their string form. Not set is not "": it reads as "(null)", as Fastly
 * writes it into a header, so `assert.equal(req.http.Missing, "(null)")` holds and `(…, "")` fails
 * (falco's examples/testing/notset).
 */
export function comparable(t: TypedValue): string {
  return t.value === null ? '(null)' : (toVclString(t.type, t.value) ?? '(null)');
}
