import { pgSslOf } from './database-tls';

describe(pgSslOf.name, () => {
  it('leaves TLS to the URL without a mode, and turns it off for disable', () => {
    expect(pgSslOf(undefined)).toBeUndefined();
    expect(pgSslOf({ mode: 'disable' })).toBe(false);
  });

  it('encrypts without checking the certificate for require', () => {
    expect(pgSslOf({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
  });

  it('checks the chain only for verify-ca, and the chain and name for verify-full', () => {
    const ca = pgSslOf({ mode: 'verify-ca', ca: 'CA' });
    expect(ca).toMatchObject({ rejectUnauthorized: true, ca: 'CA' });
    expect(ca && ca.checkServerIdentity?.()).toBeUndefined();
    expect(pgSslOf({ mode: 'verify-full', ca: 'CA' })).toEqual({
      rejectUnauthorized: true,
      ca: 'CA',
    });
  });
});
