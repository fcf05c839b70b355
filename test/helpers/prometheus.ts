// Read Prometheus exposition text (what /metrics answers) as numbers, for the metrics tests.

/** `name{label="value",…}` → value, labels in the order they were written. */
export type Samples = Map<string, number>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)$/;

export function parseExposition(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return samples;
}

/** The sample of `name` with exactly these labels (in any order), or undefined when there is none. */
export function sample(samples: Samples, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const [key, value] of samples) {
    const brace = key.indexOf('{');
    const keyName = brace < 0 ? key : key.slice(0, brace);
    if (keyName !== name) continue;
    const keyLabels = brace < 0 ? '' : splitLabels(key.slice(brace + 1, -1)).sort().join(',');
    if (keyLabels === wanted) return value;
  }
  return undefined;
}

/** Labels split at the commas between them (values here never hold a comma or a quote). */
function splitLabels(text: string): string[] {
  return text === '' ? [] : text.split(/,(?=[a-zA-Z_]+=")/);
}
