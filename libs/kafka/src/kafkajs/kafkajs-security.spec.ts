import { kafkajsSecurity } from './kafkajs-security';

describe(kafkajsSecurity.name, () => {
  it('sets neither ssl nor sasl when there is no security', () => {
    expect(kafkajsSecurity()).toEqual({});
  });

  it('maps TLS with a CA and a client certificate, checking the host name by default', () => {
    const { ssl } = kafkajsSecurity({
      tls: { ca: 'CA', cert: 'CERT', key: 'KEY', keyPassword: 'pw' },
    });
    expect(ssl).toEqual({
      rejectUnauthorized: true,
      ca: ['CA'],
      cert: 'CERT',
      key: 'KEY',
      passphrase: 'pw',
    });
  });

  it('keeps checking the chain but not the name when hostname verification is off', () => {
    const { ssl } = kafkajsSecurity({ tls: { verifyHostname: false } });
    expect(ssl).toMatchObject({ rejectUnauthorized: true });
    expect(
      typeof ssl === 'object' && ssl.checkServerIdentity?.('host', {} as never),
    ).toBeUndefined();
  });

  it('maps SASL SCRAM credentials', () => {
    expect(
      kafkajsSecurity({ sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } }).sasl,
    ).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
  });

  it('maps OAUTHBEARER to a mechanism of its own, one per OAuth client', () => {
    const oauth = {
      tokenEndpoint: 'https://login.example.com/token',
      clientId: 'c',
      clientSecret: 's',
    };
    const { sasl } = kafkajsSecurity({ sasl: { mechanism: 'oauthbearer', oauth } });
    expect(sasl).toEqual({
      mechanism: 'oauthbearer',
      authenticationProvider: expect.any(Function),
    });
  });
});
