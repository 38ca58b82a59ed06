/**
 * How far a client checks the server's TLS, as libpq's `sslmode` (`allow` and `prefer`, which
 * fall back to plaintext, are left out on purpose).
 */
export type DatabaseSslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/** TLS to PostgreSQL, for TypeORM's pool and the raw `pg` clients alike. */
export interface DatabaseTls {
  readonly mode: DatabaseSslMode;
  /** PEM of the CA that signed the server's certificate; absent: the system's trusted CAs. */
  readonly ca?: string;
}

/** The part of Node's TLS client options a PostgreSQL connection takes. */
export interface PgSsl {
  readonly rejectUnauthorized: boolean;
  readonly ca?: string;
  readonly checkServerIdentity?: () => undefined;
}

/**
 * Returns `pg`'s `ssl` setting for a TLS mode: `require` encrypts without checking the
 * certificate, `verify-ca` checks its chain, `verify-full` its chain and host name. Without a
 * mode, `pg` decides (from the URL's `sslmode`, else plaintext).
 */
export function pgSslOf(tls: DatabaseTls | undefined): false | PgSsl | undefined {
  if (!tls) return undefined;
  switch (tls.mode) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, ca: tls.ca, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true, ca: tls.ca };
  }
}
