// Fastly's boilerplate and the realistic fixture lint clean: not one diagnostic, whatever its severity.
import { expect, test } from 'vitest';
import { allDiagnostics, lint } from '../src/lint/index.js';

test.each(['fixtures/boilerplate.vcl', 'fixtures/main.vcl'])('%s lints clean', (file) => {
  const result = lint([file]);
  expect(result.files).toHaveLength(1);
  expect(allDiagnostics(result)).toEqual([]);
});
