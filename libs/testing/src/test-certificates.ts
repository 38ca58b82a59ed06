import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

/** A private CA and a server certificate for 127.0.0.1 and localhost, as PEM and PKCS#12 files. */
export interface TestCertificates {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Key and chain for Java servers (password `storePassword`). */
  readonly pkcs12File: string;
  readonly storePassword: string;
}

/** The PKCS#12 store's password `tools/stack/tls-certs` uses unless told otherwise. */
const STORE_PASSWORD = 'changeit';

/**
 * Makes a private CA and a server certificate in `dir` with `tools/stack/tls-certs` (openssl),
 * the script the local stack uses; an existing set is kept.
 */
export async function makeTestCertificates(
  dir: string,
  caName = 'throwaway test CA',
): Promise<TestCertificates> {
  await run(join(ROOT, 'tools', 'stack', 'tls-certs'), [dir, caName], {
    env: { ...process.env, TLS_STORE_PASSWORD: STORE_PASSWORD },
  });
  return {
    caFile: join(dir, 'ca.crt'),
    certFile: join(dir, 'server.crt'),
    keyFile: join(dir, 'server.key'),
    pkcs12File: join(dir, 'server.p12'),
    storePassword: STORE_PASSWORD,
  };
}
