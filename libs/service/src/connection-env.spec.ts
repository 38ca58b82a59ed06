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
