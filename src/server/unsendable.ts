// VCL can build header values that HTTP/1.1 cannot carry (a line break from urldecode, say); Node
// refuses to send them, which is what keeps them from splitting the message. The operator then
// needs one line that names the header and why, not Node's stack trace.

/** A header (or the status text) that Node refused to put on the wire. */
export class UnsendableHeader extends Error {
  override readonly name = 'UnsendableHeader';
  constructor(
    /** `response header X-Q`, `request header X-B`, `status text`. */
    readonly what: string,
    readonly why: string,
  ) {
    super(`${what} cannot be sent: ${why}`);
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why Node would refuse to send this header, or null when it is fine (Node's own rules). */
export function whyUnsendable(name: string, value: string): string | null {
  if (!TOKEN.test(name)) return 'its name is not an HTTP token';
  return whyUnsendableText(value);
}

/** Why a header value or status text cannot be sent, or null. */
export function whyUnsendableText(value: string): string | null {
  if (/[\r\n]/.test(value)) return 'its value contains a line break (CR or LF)';
  if (value.includes('\0')) return 'its value contains a NUL byte';
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) return 'its value contains a control character or a character above U+00FF';
  return null;
}

/** Node's errors for a header it will not send. */
export function isHeaderRefusal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN' || code === 'ERR_HTTP_INVALID_HEADER_VALUE';
}

/**
 * After Node refused to send `pairs` (flat name, value list as given to Node), find which one and
 * say why. `kind` is `response` or `request`. Returns null when none is at fault.
 */
export function findUnsendable(kind: 'response' | 'request', pairs: readonly string[], statusText?: string): UnsendableHeader | null {
  if (statusText !== undefined) {
    const why = whyUnsendableText(statusText);
    if (why !== null) return new UnsendableHeader('status text', why.replace('its value', 'it'));
  }
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const why = whyUnsendable(pairs[i]!, pairs[i + 1]!);
    // A name that is not a token may hold a line break itself: quote it to keep the log to one line.
    const name = TOKEN.test(pairs[i]!) ? pairs[i]! : JSON.stringify(pairs[i]);
    if (why !== null) return new UnsendableHeader(`${kind} header ${name}`, why);
  }
  return null;
}
