import { authOptionsOf } from './auth-env';

const DEFAULTS = { AUTH_CLOCK_SKEW_SECONDS: 30, AUTH_CUSTOMER_CLAIM: 'customer_id' };

describe(authOptionsOf.name, () => {
  it('gives JWT options from the variables', () => {
    expect(
      authOptionsOf({
        AUTH_MODE: 'jwt',
        AUTH_ISSUER: 'https://login.example.com/',
        AUTH_AUDIENCE: 'customers-api',
        AUTH_JWKS_URL: 'https://login.example.com/jwks.json',
        AUTH_CLOCK_SKEW_SECONDS: 10,
        AUTH_CUSTOMER_CLAIM: 'customer_id',
      }),
    ).toEqual({
      mode: 'jwt',
      issuer: 'https://login.example.com/',
      audience: 'customers-api',
      jwksUrl: 'https://login.example.com/jwks.json',
      clockSkewSeconds: 10,
      customerClaim: 'customer_id',
    });
  });

  it('turns authentication off only when told so', () => {
    expect(authOptionsOf({ AUTH_MODE: 'off', ...DEFAULTS })).toEqual({
      mode: 'off',
    });
    expect(() => authOptionsOf({ AUTH_MODE: 'jwt', ...DEFAULTS })).toThrow(
      /AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL are required/,
    );
  });
});
