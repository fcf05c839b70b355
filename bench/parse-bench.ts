// Parser throughput: generate a realistic VCL service of N lines and time `parse` on it.
// `generateVcl` is shared with the checker and lint benches.

import { parse } from '../src/parser/index.js';

/** A small deterministic PRNG so every run benches the same text. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const HEADERS = ['X-Request-Id', 'X-Forwarded-For', 'Accept-Language', 'X-Country', 'Cookie', 'X-Device', 'X-AB-Test'];
const PATHS = ['/api/', '/static/', '/images/', '/admin', '/login', '/v2/items', '/search'];

function backend(i: number): string[] {
  return [
    `backend F_origin_${i} {`,
    `  .host = "origin-${i}.example.com";`,
    `  .port = "443";`,
    `  .ssl = true;`,
    `  .ssl_cert_hostname = "origin-${i}.example.com";`,
    `  .ssl_sni_hostname = "origin-${i}.example.com";`,
    `  .connect_timeout = 1s;`,
    `  .first_byte_timeout = 15s;`,
    `  .between_bytes_timeout = 10s;`,
    `  .max_connections = 200;`,
    `  .probe = {`,
    `    .request = "HEAD /health HTTP/1.1" "Host: origin-${i}.example.com" "Connection: close";`,
    `    .expected_response = 200;`,
    `    .interval = 5s;`,
    `    .timeout = 2s;`,
    `    .window = 5;`,
    `    .threshold = 3;`,
    `  }`,
    `}`,
    ``,
  ];
}

function table(i: number): string[] {
  const lines = [`table redirects_${i} {`];
  for (let k = 0; k < 8; k++) lines.push(`  "/old/${i}/${k}": "/new/${i}/${k}",`);
  lines.push('}', '');
  return lines;
}

function sub(i: number, random: () => number): string[] {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const lines = [`sub custom_${i} {`, '  # generated routing rules'];
  for (let k = 0; k < 6; k++) {
    const header = pick(HEADERS);
    const path = pick(PATHS);
    lines.push(
      `  if (req.url.path ~ "^${path}" && !req.http.${header}) {`,
      `    set req.http.${header} = regsub(req.url, "^${path}([^?]*)", "\\1") "-" std.tolower(req.http.host);`,
      `    set req.backend = F_origin_${k % 4};`,
      `  } else if (req.http.${header} == "${k}") {`,
      `    unset req.http.${header};`,
      `  }`,
      `  set req.http.X-Route-${k} = if(table.contains(redirects_${k % 4}, req.url.path), "redirect", "origin");`,
      `  declare local var.n${k} INTEGER;`,
      `  set var.n${k} += std.atoi(querystring.get(req.url, "page"));`,
    );
  }
  lines.push('  return;', '}', '');
  return lines;
}

const LIFECYCLE = `sub vcl_recv {
#FASTLY recv
  if (req.method != "HEAD" && req.method != "GET" && req.method != "FASTLYPURGE") {
    return(pass);
  }
  return(lookup);
}

sub vcl_fetch {
#FASTLY fetch
  if (!beresp.http.Expires && !beresp.http.Surrogate-Control ~ "max-age") {
    set beresp.ttl = 3600s;
  }
  return(deliver);
}
`;

/** A realistic VCL file of about `lines` lines: backends, tables, many subs with sets, ifs, regex and calls. */
export function generateVcl(lines: number): string {
  const random = prng(42);
  const out: string[] = LIFECYCLE.split('\n');
  for (let i = 0; i < 4; i++) out.push(...backend(i), ...table(i));
  for (let i = 0; out.length < lines; i++) out.push(...sub(i, random));
  return out.join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function benchParse(): { lines: number; linesPerSecond: number } {
  const source = generateVcl(10_000);
  const lines = source.split('\n').length;
  for (let i = 0; i < 5; i++) parse(source, 'bench.vcl'); // warm up the JIT and Chevrotain's caches
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const start = performance.now();
    parse(source, 'bench.vcl');
    times.push(performance.now() - start);
  }
  return { lines, linesPerSecond: Math.round(lines / (median(times) / 1000)) };
}
