// Broken VCL for property tests: a source with a few spans deleted, inserted or duplicated.
import fc from 'fast-check';

const mutation = (pieces: readonly string[]) =>
  fc.record({
    kind: fc.constantFrom('delete', 'insert', 'duplicate'),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 8 }),
    text: fc.constantFrom(...pieces),
  });

/** One of `sources`, with 1 to `maxMutations` edits; inserted text comes from `pieces`. */
export function mutatedSource(sources: readonly string[], pieces: readonly string[], maxMutations: number): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...sources), fc.array(mutation(pieces), { minLength: 1, maxLength: maxMutations })).map(([source, mutations]) => {
    let text = source;
    for (const m of mutations) {
      const at = m.at % (text.length + 1);
      if (m.kind === 'delete') text = text.slice(0, at) + text.slice(at + m.length);
      else if (m.kind === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
      else text = text.slice(0, at) + text.slice(at, at + m.length) + text.slice(at);
    }
    return text;
  });
}
