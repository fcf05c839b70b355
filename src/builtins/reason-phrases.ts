// The standard reason phrase for a status code ("Unknown Error" where HTTP has none, as Fastly says).
import { STATUS_CODES } from 'node:http';

export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown Error';
}
