import { DatabaseConnectionError } from './database-connection.error';
import { explainDatabaseConnectionFailure } from './explain-connection-failure';

const failure = (message: string, code: string) => Object.assign(new Error(message), { code });

describe(explainDatabaseConnectionFailure.name, () => {
  it('says TLS is required when pg_hba refuses an unencrypted connection', () => {
    const explained = explainDatabaseConnectionFailure(
      failure('no pg_hba.conf entry for host "127.0.0.1", user "app_tls", no encryption', '28000'),
    );
    expect(explained).toBeInstanceOf(DatabaseConnectionError);
    expect((explained as Error).message).toMatch(/must connect over TLS/);
  });

  it("says the certificate does not verify when the server's chain is not trusted", () => {
    const explained = explainDatabaseConnectionFailure(
      failure('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
    );
    expect((explained as Error).message).toMatch(
      /^PostgreSQL: the server's TLS certificate does not verify/,
    );
  });

  it('returns a failure a retry may cure as it was', () => {
    const error = failure('connect ECONNREFUSED 127.0.0.1:5433', 'ECONNREFUSED');
    expect(explainDatabaseConnectionFailure(error)).toBe(error);
  });
});
