// A throwaway project folder: files written from a map of relative path → text.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function projectDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-project-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
