import { z } from 'zod';

/**
 * The variables of an API's authentication. `AUTH_MODE=jwt` (the default) takes OAuth 2.0 bearer
 * tokens (JWT) signed by a key of `AUTH_JWKS_URL` and issued by `AUTH_ISSUER` for
 * `AUTH_AUDIENCE`; `AUTH_MODE=off` lets every caller in, and must be set explicitly (the demo and
 * the tests do; production never does).
 */
export const authEnv = {
  AUTH_MODE: z.enum(['jwt', 'off']).default('jwt'),
  /** The `iss` every token must carry, e.g. `https://login.example.com/`. */
  AUTH_ISSUER: z.url().optional(),
  /** The `aud` every token must name: this API's identifier at the issuer. */
  AUTH_AUDIENCE: z.string().min(1).optional(),
  /** Where the issuer publishes its signing keys (a JSON Web Key Set). */
  AUTH_JWKS_URL: z.url().optional(),
  /** How far `exp` and `nbf` may be off against this clock, in seconds. */
  AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /**
   * The token claim naming the customer a caller acts for: such a caller reaches only that
   * customer's resources, unless it holds the service's `<service>:any` scope.
   */
  AUTH_CUSTOMER_CLAIM: z.string().min(1).default('customer_id'),
};

/** What `authEnv` gives once parsed. */
export interface AuthEnv {
  readonly AUTH_MODE: 'jwt' | 'off';
  readonly AUTH_ISSUER?: string;
  readonly AUTH_AUDIENCE?: string;
  readonly AUTH_JWKS_URL?: string;
  readonly AUTH_CLOCK_SKEW_SECONDS: number;
  readonly AUTH_CUSTOMER_CLAIM: string;
}

/**
 * Adds to an environment schema the rule that JWT mode names its issuer, audience and key set:
 * a missing one is reported by name at start, not at the first request.
 */
export function requireJwtSettings(env: AuthEnv, ctx: z.RefinementCtx): void {
  if (env.AUTH_MODE !== 'jwt') return;
  for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const) {
    if (env[name] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'is required when AUTH_MODE is jwt (set AUTH_MODE=off to take every caller)',
      });
  }
}

/** How an API authenticates its callers, once validated. */
export type AuthOptions =
  | { readonly mode: 'off' }
  | {
      readonly mode: 'jwt';
      readonly issuer: string;
      readonly audience: string;
      readonly jwksUrl: string;
      readonly clockSkewSeconds: number;
      readonly customerClaim: string;
    };

/**
 * Returns the options `authEnv` describes.
 * @throws Error naming the variable when JWT mode lacks one (`requireJwtSettings` reports it first).
 */
export function authOptionsOf(env: AuthEnv): AuthOptions {
  if (env.AUTH_MODE === 'off') return { mode: 'off' };
  const { AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience, AUTH_JWKS_URL: jwksUrl } = env;
  if (!issuer || !audience || !jwksUrl)
    throw new Error(
      'AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL are required when AUTH_MODE is jwt',
    );
  return {
    mode: 'jwt',
    issuer,
    audience,
    jwksUrl,
    clockSkewSeconds: env.AUTH_CLOCK_SKEW_SECONDS,
    customerClaim: env.AUTH_CUSTOMER_CLAIM,
  };
}
