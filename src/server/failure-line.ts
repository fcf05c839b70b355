// The one log line an operator reads when serving a request failed inside the edge. Known failures
// (a header VCL built that HTTP cannot carry) say which and why; anything else gives its message
// and where it was thrown, never a multi-line stack that reads like a crash.
import { UnsendableHeader } from './unsendable.js';

export function failureLine(method: string | undefined, url: string | undefined, err: unknown, answered: number): string {
  const request = `${method ?? '?'} ${url ?? '?'}`;
  if (err instanceof UnsendableHeader) return `vcl-edge: ${request}: ${err.message}; answered ${answered}`;
  const error = err instanceof Error ? err : new Error(String(err));
  const thrownAt = error.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim();
  const message = `${error.message}${thrownAt ? ` (${thrownAt})` : ''}`.replace(/\s*[\r\n]+\s*/g, ' ');
  return `vcl-edge: internal error for ${request}: ${message}; answered ${answered}`;
}
