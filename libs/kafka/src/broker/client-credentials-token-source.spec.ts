import { OAuthTokenEndpoint } from '@app/testing';
import { BrokerConnectionError } from '../errors/broker-connection.error';
import { TransientError } from '../errors/transient.error';
import { ClientCredentialsTokenSource } from './client-credentials-token-source';

/** A secret with characters that the Basic credentials must form-encode. */
const SECRET = 'p@ss:w+rd é';
const LIFETIME_SECONDS = 100;

/** Returns the claims of an unsecured JWT. */
function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe(ClientCredentialsTokenSource.name, () => {
  let endpoint: OAuthTokenEndpoint;
  let now: number;

  beforeEach(async () => {
    endpoint = new OAuthTokenEndpoint({
      clients: { worker: SECRET },
      lifetimeSeconds: LIFETIME_SECONDS,
    });
    await endpoint.start();
    now = 1_000_000;
  });
  afterEach(() => endpoint.stop());

  const source = (secret = SECRET, scope?: string) =>
    new ClientCredentialsTokenSource(
      { tokenEndpoint: endpoint.url, clientId: 'worker', clientSecret: secret, scope },
      () => now,
    );

  describe('token', () => {
    it('returns a token of the client, with the scope asked for, when the credentials are right', async () => {
      const token = await source(SECRET, 'kafka').token();
      expect(claimsOf(token)).toMatchObject({ sub: 'worker', scope: 'kafka' });
    });

    it('reuses the token until 80% of its lifetime has passed, then fetches a new one', async () => {
      const tokens = source();
      const first = await tokens.token();
      now += LIFETIME_SECONDS * 1000 * 0.8 - 1;
      expect(await tokens.token()).toBe(first);
      expect(endpoint.tokensIssuedTo('worker')).toBe(1);
      now += 2;
      await tokens.token();
      expect(endpoint.tokensIssuedTo('worker')).toBe(2);
    });

    it('asks the endpoint once when several connections want a token at the same time', async () => {
      const tokens = source();
      const [a, b, c] = await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
      expect([b, c]).toEqual([a, a]);
      expect(endpoint.tokensIssuedTo('worker')).toBe(1);
    });

    it('keeps serving the current token while its renewal fails, and fails once it has expired', async () => {
      const tokens = source();
      const first = await tokens.token();
      await endpoint.stop();
      now += LIFETIME_SECONDS * 1000 * 0.9;
      expect(await tokens.token()).toBe(first);
      now += LIFETIME_SECONDS * 1000 * 0.1;
      const failure = tokens.token();
      await expect(failure).rejects.toBeInstanceOf(TransientError);
      await expect(failure).rejects.toThrow(
        `The OAuth token endpoint ${endpoint.url} cannot be reached`,
      );
    });

    it('says the endpoint refused the client, never printing the secret, when the secret is wrong', async () => {
      const failure = source('wrong-secret-83ac').token();
      await expect(failure).rejects.toBeInstanceOf(BrokerConnectionError);
      await expect(failure).rejects.toThrow(
        `The OAuth token endpoint ${endpoint.url} refused the client credentials (HTTP 401: invalid_client (client authentication failed)). Check the OAuth client id and secret.`,
      );
      await expect(failure).rejects.not.toThrow('wrong-secret-83ac');
    });
  });
});
