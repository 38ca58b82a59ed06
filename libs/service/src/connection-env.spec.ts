import { ConfigError, loadConfig } from '@app/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerSecurityOf, databaseTlsOf } from './connection-env';
import { EventCatalogue } from '@app/events';
import { ServiceDefinition } from './service-definition';
import { workerEnvSchema } from './service-env';

const service: ServiceDefinition = {
  name: 'things',
  catalogue: new EventCatalogue([]),
  topics: { commands: 'things.commands', events: 'things.events' },
  schema: 'things',
  migrations: [],
  ports: { api: 3900, worker: 3901 },
};

const dir = mkdtempSync(join(tmpdir(), 'connection-env-'));
const ca = join(dir, 'ca.crt');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const secretFile = join(dir, 'password');
writeFileSync(secretFile, 's3cret-from-file\n');

const clientSecretFile = join(dir, 'client-secret');
writeFileSync(clientSecretFile, 'client-s3cret\n');
const oauthbearer = {
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
  KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL: 'https://login.example.com/oauth2/token',
  KAFKA_SASL_OAUTHBEARER_CLIENT_ID: 'customers-worker',
  KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE: clientSecretFile,
};

const base = { KAFKA_BROKERS: 'k:9093', DATABASE_URL: 'postgresql://u:p@db:5432/app' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(workerEnvSchema(service), { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('connection security variables', () => {
  describe(brokerSecurityOf.name, () => {
    it('returns no security when the protocol is plaintext', () => {
      expect(brokerSecurityOf(loadConfig(workerEnvSchema(service), base))).toBeUndefined();
    });

    it('returns TLS with the CA and SASL with the password read from its file when SASL_SSL', () => {
      const env = loadConfig(workerEnvSchema(service), {
        ...base,
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SSL_CA_FILE: ca,
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD_FILE: secretFile,
      });
      expect(brokerSecurityOf(env)).toEqual({
        tls: expect.objectContaining({
          ca: expect.stringContaining('BEGIN CERTIFICATE'),
          verifyHostname: true,
        }),
        sasl: { mechanism: 'scram-sha-256', username: 'svc', password: 's3cret-from-file' },
      });
    });

    it('returns OAUTHBEARER with the OAuth client, its secret read from its file, when the mechanism is OAUTHBEARER', () => {
      const env = loadConfig(workerEnvSchema(service), {
        ...base,
        ...oauthbearer,
        KAFKA_SASL_OAUTHBEARER_SCOPE: 'kafka',
        KAFKA_SASL_OAUTHBEARER_EXTENSIONS: 'logicalCluster=lkc-abc12, identityPoolId=pool-X1',
      });
      expect(brokerSecurityOf(env)?.sasl).toEqual({
        mechanism: 'oauthbearer',
        oauth: {
          tokenEndpoint: 'https://login.example.com/oauth2/token',
          clientId: 'customers-worker',
          clientSecret: 'client-s3cret',
          scope: 'kafka',
        },
        extensions: { logicalCluster: 'lkc-abc12', identityPoolId: 'pool-X1' },
      });
    });
  });

  describe('validation', () => {
    it('names the variable whose file cannot be read, with the path and the reason', () => {
      expect(
        problemsOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: join(dir, 'missing.crt') }),
      ).toContain(
        `KAFKA_SSL_CA_FILE names a file that cannot be read: ${join(dir, 'missing.crt')} (ENOENT)`,
      );
    });

    it('names each missing SASL setting when the protocol needs SASL, never the password', () => {
      const problems = problemsOf({
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SASL_PASSWORD: 'top-secret-value',
      });
      expect(problems).toContain(
        'KAFKA_SASL_MECHANISM is required when KAFKA_SECURITY_PROTOCOL is SASL_SSL',
      );
      expect(problems).toContain('KAFKA_SASL_USERNAME is required');
      expect(problems).not.toContain('top-secret-value');
    });

    it('refuses TLS files under a plaintext protocol and a certificate without its key', () => {
      expect(problemsOf({ KAFKA_SSL_CA_FILE: ca })).toContain(
        'KAFKA_SSL_CA_FILE is set, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT',
      );
      expect(problemsOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: ca })).toContain(
        'KAFKA_SSL_KEY_FILE is required with KAFKA_SSL_CERT_FILE',
      );
    });

    it('refuses an sslmode in the URL beside DATABASE_SSL_MODE, and a CA file without verification', () => {
      expect(
        problemsOf({
          DATABASE_URL: 'postgresql://u:p@db/app?sslmode=require',
          DATABASE_SSL_MODE: 'verify-full',
        }),
      ).toContain('DATABASE_URL carries sslmode while DATABASE_SSL_MODE is set');
      expect(problemsOf({ DATABASE_SSL_MODE: 'require', DATABASE_SSL_CA_FILE: ca })).toContain(
        'DATABASE_SSL_CA_FILE is set, but only DATABASE_SSL_MODE verify-ca or verify-full',
      );
    });
  });

  describe('validation of OAUTHBEARER', () => {
    it('names each missing OAuth setting, and no user or password, when the mechanism is OAUTHBEARER', () => {
      const problems = problemsOf({
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
      }).split('\n');
      expect(problems).toEqual([
        'KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL is required when KAFKA_SASL_MECHANISM is OAUTHBEARER',
        'KAFKA_SASL_OAUTHBEARER_CLIENT_ID is required when KAFKA_SASL_MECHANISM is OAUTHBEARER',
        'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE is required when KAFKA_SASL_MECHANISM is OAUTHBEARER',
      ]);
    });

    it("refuses a user and password beside OAUTHBEARER, and an OAuth client beside another mechanism's, never printing them", () => {
      expect(problemsOf({ ...oauthbearer, KAFKA_SASL_PASSWORD: 'top-secret-value' })).toBe(
        'KAFKA_SASL_PASSWORD is set, but KAFKA_SASL_MECHANISM is OAUTHBEARER: OAUTHBEARER takes an OAuth client, not a user and password',
      );
      expect(
        problemsOf({
          ...oauthbearer,
          KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
          KAFKA_SASL_USERNAME: 'svc',
          KAFKA_SASL_PASSWORD_FILE: secretFile,
        }),
      ).toContain(
        'KAFKA_SASL_OAUTHBEARER_CLIENT_ID is set, but KAFKA_SASL_MECHANISM is SCRAM-SHA-512: SCRAM-SHA-512 takes a user and password, not an OAuth client',
      );
    });

    it('refuses a token endpoint that is not https, but for one on this machine', () => {
      expect(
        problemsOf({
          ...oauthbearer,
          KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL: 'http://login.example.com/oauth2/token',
        }),
      ).toBe(
        'KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL must be an https:// URL (http:// only to localhost or 127.0.0.1)',
      );
      expect(
        problemsOf({
          ...oauthbearer,
          KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL: 'http://127.0.0.1:8080/token',
        }),
      ).toBe('');
    });

    it('refuses SASL extensions that are not key=value pairs with keys of letters', () => {
      for (const extensions of ['logicalCluster', 'logical-cluster=lkc-1', 'auth=x', 'a=1,,b=2'])
        expect(problemsOf({ ...oauthbearer, KAFKA_SASL_OAUTHBEARER_EXTENSIONS: extensions })).toBe(
          'KAFKA_SASL_OAUTHBEARER_EXTENSIONS must be key=value pairs separated by commas, each key of letters only and not auth',
        );
    });

    it('names the client secret file when it cannot be read', () => {
      const missing = join(dir, 'no-client-secret');
      expect(
        problemsOf({ ...oauthbearer, KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE: missing }),
      ).toBe(
        `KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE names a file that cannot be read: ${missing} (ENOENT)`,
      );
    });
  });

  describe(databaseTlsOf.name, () => {
    it('returns the mode and the CA when verify-full', () => {
      const env = loadConfig(workerEnvSchema(service), {
        ...base,
        DATABASE_SSL_MODE: 'verify-full',
        DATABASE_SSL_CA_FILE: ca,
      });
      expect(databaseTlsOf(env)).toEqual({
        mode: 'verify-full',
        ca: expect.stringContaining('BEGIN'),
      });
    });

    it('leaves TLS to the URL when no mode is set', () => {
      expect(databaseTlsOf(loadConfig(workerEnvSchema(service), base))).toBeUndefined();
    });
  });
});
