// A throwaway certificate authority for tests: a CA and a server certificate it signed,
// valid for 127.0.0.1, ::1 and localhost. Made with the openssl CLI in a temp dir.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  /** The CA certificate: what a client must trust. */
  caPem: string;
  /** The server's private key and certificate (signed by the CA). */
  keyPem: string;
  certPem: string;
  /** Removes the temp dir. The PEM strings stay usable. */
  cleanup(): Promise<void>;
}

export async function makeTestCa(commonName = 'localhost'): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'vcl-edge-ca-'));
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): Promise<unknown> => run('openssl', args, { cwd: dir, timeout: 20_000 });

  await openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=vcl-edge test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  await openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${commonName}`);
  await writeFile(
    file('server.ext'),
    'basicConstraints=CA:FALSE\n' +
      'keyUsage=critical,digitalSignature,keyEncipherment\n' +
      'extendedKeyUsage=serverAuth\n' +
      `subjectAltName=DNS:${commonName},DNS:localhost,IP:127.0.0.1,IP:::1\n`,
  );
  await openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'));

  const [caPem, keyPem, certPem] = await Promise.all(
    ['ca.pem', 'server.key', 'server.pem'].map((name) => readFile(file(name), 'utf8')),
  );
  return { caPem: caPem!, keyPem: keyPem!, certPem: certPem!, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
