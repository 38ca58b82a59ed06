import { Caller, customerOf, scopesOf } from './caller';

/** Why a token was refused, in words safe to send back (never the token itself). */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/** The issuer's keys could not be fetched: no token can be checked now, whoever sent it. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

/** Turns a bearer token into its caller, or refuses it. */
export abstract class TokenVerifier {
  /**
   * @throws InvalidTokenError when the token is not one this API accepts.
   * @throws KeysUnavailableError when the issuer's keys cannot be read.
   */
  abstract verify(token: string): Promise<Caller>;
}

/** The signature algorithms accepted: asymmetric only, so a leaked verification key signs nothing. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];

/** What `JwksTokenVerifier` checks tokens against. */
export interface JwksVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  readonly clockSkewSeconds: number;
  /** The claim that names the customer a caller acts for. */
  readonly customerClaim: string;
}

type Jose = typeof import('jose');

/**
 * Verifies JWTs with `jose`: the signature against the issuer's key set (fetched on first use,
 * cached, refetched when a token names a key id it does not know, so rotation needs no restart),
 * then `iss`, `aud`, `exp` and `nbf` within the clock skew, and a `sub`.
 */
export class JwksTokenVerifier extends TokenVerifier {
  private readonly jose: Promise<{ jose: Jose; keys: ReturnType<Jose['createRemoteJWKSet']> }>;

  constructor(private readonly options: JwksVerifierOptions) {
    super();
    // jose is an ES module: loaded once, on first use (Node loads it from CommonJS).
    this.jose = import('jose').then((jose) => ({
      jose,
      keys: jose.createRemoteJWKSet(new URL(options.jwksUrl), {
        cooldownDuration: 5_000,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: 5_000,
      }),
    }));
  }

  async verify(token: string): Promise<Caller> {
    const { jose, keys } = await this.jose;
    try {
      const { payload } = await jose.jwtVerify(token, keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ALGORITHMS,
        clockTolerance: this.options.clockSkewSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      const customerId = customerOf(payload, this.options.customerClaim);
      return {
        subject: String(payload.sub),
        scopes: scopesOf(payload),
        ...(customerId !== undefined && { customerId }),
      };
    } catch (error) {
      const { errors } = jose;
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
        throw new KeysUnavailableError(`the issuer's keys could not be read: ${error.message}`);
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(reasonOf(error, jose));
      // fetch itself failed (the issuer is unreachable): not the caller's fault either.
      throw new KeysUnavailableError(
        `the issuer's keys could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** Says why jose refused a token, without echoing any part of it. */
function reasonOf(error: InstanceType<Jose['errors']['JOSEError']>, jose: Jose): string {
  const { errors } = jose;
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWKSNoMatchingKey)
    return "the token's signing key is not the issuer's";
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted";
  return 'the token is malformed';
}
