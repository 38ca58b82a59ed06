import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { librdkafkaSecurity } from './librdkafka-security';

describe(librdkafkaSecurity.name, () => {
  it('speaks plaintext when there is no security', () => {
    expect(librdkafkaSecurity()).toEqual({ 'security.protocol': 'plaintext' });
  });

  it('maps TLS with a CA and a client certificate as PEM text, checking the host name by default', () => {
    expect(
      librdkafkaSecurity({ tls: { ca: 'CA', cert: 'CERT', key: 'KEY', keyPassword: 'pw' } }),
    ).toEqual({
      'security.protocol': 'ssl',
      'enable.ssl.certificate.verification': true,
      'ssl.endpoint.identification.algorithm': 'https',
      'ssl.ca.pem': 'CA',
      'ssl.certificate.pem': 'CERT',
      'ssl.key.pem': 'KEY',
      'ssl.key.password': 'pw',
    });
  });

  it('keeps checking the chain but not the name when hostname verification is off', () => {
    expect(librdkafkaSecurity({ tls: { verifyHostname: false } })).toEqual({
      'security.protocol': 'ssl',
      'enable.ssl.certificate.verification': true,
      'ssl.endpoint.identification.algorithm': 'none',
    });
  });

  it.each([
    ['plain', 'PLAIN'],
    ['scram-sha-256', 'SCRAM-SHA-256'],
    ['scram-sha-512', 'SCRAM-SHA-512'],
  ] as const)('maps SASL %s to %s, over TLS when TLS is set', (mechanism, named) => {
    const sasl = { mechanism, username: 'u', password: 'p' };
    expect(librdkafkaSecurity({ sasl })).toEqual({
      'security.protocol': 'sasl_plaintext',
      'sasl.mechanisms': named,
      'sasl.username': 'u',
      'sasl.password': 'p',
    });
    expect(librdkafkaSecurity({ sasl, tls: {} })).toMatchObject({
      'security.protocol': 'sasl_ssl',
      'sasl.mechanisms': named,
    });
  });

  describe('OAUTHBEARER', () => {
    let server: Server;
    let tokenEndpoint: string;
    let answer: Record<string, unknown>;

    beforeAll(async () => {
      server = createServer((_request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(answer));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      tokenEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    });

    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it("hands librdkafka the provider's token, its expiry and the extensions through the refresh callback", async () => {
      answer = { access_token: 'tok-1', token_type: 'Bearer', expires_in: 300 };
      const before = Date.now();
      const properties = librdkafkaSecurity({
        tls: {},
        sasl: {
          mechanism: 'oauthbearer',
          oauth: { tokenEndpoint, clientId: 'worker', clientSecret: 's' },
          extensions: { logicalCluster: 'lkc-1' },
        },
      });
      expect(properties).toMatchObject({
        'security.protocol': 'sasl_ssl',
        'sasl.mechanisms': 'OAUTHBEARER',
      });
      const token = await properties.oauthbearer_token_refresh_cb!();
      expect(token).toEqual({
        tokenValue: 'tok-1',
        lifetime: expect.any(Number),
        principal: 'worker',
        extensions: { logicalCluster: 'lkc-1' },
      });
      expect(token.lifetime).toBeGreaterThanOrEqual(before + 300_000);
      expect(token.lifetime).toBeLessThanOrEqual(Date.now() + 300_000);
    });

    it('gives a token without a lifetime a short one, so that librdkafka asks again soon', async () => {
      answer = { access_token: 'tok-2' };
      const properties = librdkafkaSecurity({
        sasl: {
          mechanism: 'oauthbearer',
          oauth: { tokenEndpoint, clientId: 'worker', clientSecret: 's' },
        },
      });
      const token = await properties.oauthbearer_token_refresh_cb!();
      expect(token.tokenValue).toBe('tok-2');
      expect(token.lifetime).toBeGreaterThan(Date.now());
      expect(token.lifetime).toBeLessThanOrEqual(Date.now() + 60_000);
      expect(token).not.toHaveProperty('extensions');
    });
  });
});
