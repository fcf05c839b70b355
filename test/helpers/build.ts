// CLI tests run the built CLI. `npm test` builds first; a lone `vitest run` builds here if needed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function ensureBuilt(): void {
  if (existsSync(`${root}dist/bin/vcl-edge.js`)) return;
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.json`], { stdio: 'inherit' });
}
