// Whether a header VCL sets or unsets is one Fastly protects (Content-Length, Upgrade…), asked for every
// `set`/`unset` of a header while checking.
import { PROTECTED_HEADERS } from '../builtins/variables.js';

/** Header names by whether they are protected: the same few names are set on most lines. */
const protectedByName = new Map<string, boolean>();

export function isProtected(header: string): boolean {
  let known = protectedByName.get(header);
  if (known === undefined) {
    known = PROTECTED_HEADERS.has(header.toLowerCase());
    if (protectedByName.size < 10_000) protectedByName.set(header, known); // bounded: names come from user VCL
  }
  return known;
}
