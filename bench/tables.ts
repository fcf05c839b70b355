// Markdown tables for the benchmark's side-by-side results, ready to paste into a note.

/** A GitHub-flavoured Markdown table. */
export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** 21711.4 → "21,711". */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A figure with its ratio to the reference: "21,711 (0.64)". */
export const withRatio = (value: number, reference: number, format: (n: number) => string = count): string =>
  `${format(value)} (${(value / reference).toFixed(2)})`;

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds as the tables show them: "2.8 ms", "16.3 ms", "412 µs". */
export const millis = (ms: number): string => (ms < 1 ? `${Math.round(ms * 1000)} µs` : `${ms.toFixed(1)} ms`);
