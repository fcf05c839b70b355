// The small plain-text responses the relay writes itself when there is no origin answer
// to pass on: 503 when the origin cannot be reached, 502 when it answered nonsense.

const REASONS: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function errorResponse(status: 502 | 503, reason: string): Buffer {
  const body = `${status} ${REASONS[status]}: ${reason}\n`;
  const head =
    `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n' +
    '\r\n';
  return Buffer.from(head + body, 'utf8');
}
