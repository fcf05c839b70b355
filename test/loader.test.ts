// Loading a service with its includes.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVcl, VclError } from '../src/index.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-load-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('includes', () => {
  it('resolves includes beside the file and in include paths, with or without .vcl', () => {
    const dir = project({
      'main.vcl': 'include "backends";\ninclude "shared/routing.vcl";\nsub vcl_recv { call route; }\n',
      'backends.vcl': 'backend api { .host = "127.0.0.1"; }\n',
      'lib/shared/routing.vcl': 'sub route { set req.backend = api; set req.http.X-Routed = "yes"; }\n',
    });
    const service = loadVcl(join(dir, 'main.vcl'), { includePaths: [join(dir, 'lib')] });
    const r = service.recv();
    expect(r.backend).toBe('api');
    expect(r.req.headers.get('x-routed')).toBe('yes');
    expect(service.files).toHaveLength(3);
  });

  it('reports a missing include and an error inside an included file under its own path', () => {
    const dir = project({ 'main.vcl': 'include "nope";\ninclude "bad";\n', 'bad.vcl': 'sub vcl_recv {\n  set req.http.X = ;\n}\n' });
    let error: VclError | undefined;
    try {
      loadVcl(join(dir, 'main.vcl'));
    } catch (e) {
      error = e as VclError;
    }
    expect(error).toBeInstanceOf(VclError);
    const where = error!.diagnostics.map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.rule}`);
    expect(where).toEqual(['main.vcl:1:include', 'bad.vcl:2:parse']);
  });

  it('refuses an include cycle', () => {
    const dir = project({ 'main.vcl': 'include "a";\n', 'a.vcl': 'include "b";\n', 'b.vcl': 'include "a";\n' });
    expect(() => loadVcl(join(dir, 'main.vcl'))).toThrow(/includes itself/);
  });
});
