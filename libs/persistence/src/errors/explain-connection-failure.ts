import { DatabaseConnectionError } from './database-connection.error';

/**
 * Turns a failed first connection to PostgreSQL into a `DatabaseConnectionError` that says which
 * setting to check, when no retry can cure it; any other error comes back as it was.
 * @see https://www.postgresql.org/docs/current/errcodes-appendix.html (class 28)
 */
export function explainDatabaseConnectionFailure(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { code } = error as { code?: unknown };
  const why = error.message;
  const explained = (message: string) =>
    new DatabaseConnectionError(`PostgreSQL: ${message}`, { cause: error });
  if (code === '28000')
    return explained(
      `the server's rules (pg_hba.conf) refuse this connection (${why}). "no encryption" means ` +
        `this user must connect over TLS: set the TLS mode.`,
    );
  if (code === '28P01') return explained(`the server refused the password (${why}).`);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return explained(
      `the server's TLS certificate does not name the host dialled (${why}). Dial the name the ` +
        `certificate carries, or verify the CA only (verify-ca).`,
    );
  if (
    typeof code === 'string' &&
    /CERT|SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY_LEAF/.test(code)
  )
    return explained(
      `the server's TLS certificate does not verify (${why}). Give the CA that signed it as the ` +
        `CA file.`,
    );
  if (/does not support SSL/i.test(why))
    return explained(
      `the server does not serve TLS (${why}). Connect without TLS, or turn it on there.`,
    );
  return error;
}
