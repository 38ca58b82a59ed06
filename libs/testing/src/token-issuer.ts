import { createPrivateKey, generateKeyPairSync, KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A signing key of the issuer: its id and its private half. */
interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
}

/** How one token is made, beyond its claims. */
export interface TokenOptions {
  /** Sign with this key instead of the current one (e.g. a key the JWKS does not hold). */
  readonly key?: SigningKey;
  /** `alg: none` and no signature. */
  readonly unsigned?: boolean;
}

/**
 * An OAuth 2.0 issuer for tests: RSA keys the test owns, a real JWKS endpoint on a free port,
 * and RS256 JWTs signed with node:crypto, so APIs under test verify real tokens over HTTP.
 */
export class TokenIssuer {
  readonly issuer = 'https://issuer.test/';
  private server?: Server;
  private published: SigningKey[] = [];

  /** Where the JWKS is served (after `start`). */
  jwksUrl = '';

  /** Starts the JWKS endpoint with one key. */
  async start(): Promise<void> {
    this.published = [TokenIssuer.newKey()];
    this.server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: this.published.map((key) => key.publicJwk) }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
  }

  /** Stops the endpoint. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Publishes a new key and signs with it from now on; the old one stays published. */
  rotate(): void {
    this.published = [TokenIssuer.newKey(), ...this.published];
  }

  /** A key the JWKS does not hold, to sign tokens no API should take. */
  static newKey(): SigningKey {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomUUID();
    return {
      kid,
      privateKey: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })),
      publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    };
  }

  /**
   * Returns a token for `subject` with `scopes`, valid for five minutes unless `claims` says
   * otherwise (`exp`, `iss`, `aud`, ... override the defaults).
   */
  token(
    subject: string,
    scopes: readonly string[],
    audience: string,
    claims: Record<string, unknown> = {},
    options: TokenOptions = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const key = options.key ?? this.published[0];
    const header = options.unsigned
      ? { alg: 'none', typ: 'JWT' }
      : { alg: 'RS256', typ: 'JWT', kid: key.kid };
    const payload = {
      iss: this.issuer,
      aud: audience,
      sub: subject,
      scope: scopes.join(' '),
      iat: now,
      exp: now + 300,
      ...claims,
    };
    const signingInput = `${base64url(header)}.${base64url(payload)}`;
    if (options.unsigned) return `${signingInput}.`;
    const signature = sign('sha256', Buffer.from(signingInput), key.privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
