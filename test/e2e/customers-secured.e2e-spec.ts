import { customersMigrations } from '@app/customers';
import {
  AppProcess,
  createTestDatabase,
  SMALL_APP_ENV,
  makeTestCertificates,
  TestDatabase,
  THROWAWAY_KAFKA_USER,
  ThrowawayKafka,
  THROWAWAY_POSTGRES_TLS_ROLE,
  ThrowawayPostgres,
} from '@app/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCustomerCreatedAndRead } from './customers-system';

const address = { street: '1 Rue Neuve', city: 'Brussels', postalCode: '1000', country: 'be' };
const WRONG_PASSWORD = 'not-the-password-7f3a';

describe('Customers over SASL_SSL to Kafka and TLS to PostgreSQL (a broker and a cluster of its own)', () => {
  const kafka = new ThrowawayKafka({ secure: true });
  const postgres = new ThrowawayPostgres({ tls: true });
  const apps: AppProcess[] = [];
  let db: TestDatabase;
  let dir: string;
  let passwordFile: string;

  beforeAll(async () => {
    await Promise.all([kafka.start(), postgres.start()]);
    db = await createTestDatabase(customersMigrations, postgres.url);
    dir = await mkdtemp(join(tmpdir(), 'secured-e2e-'));
    passwordFile = join(dir, 'sasl-password');
    await writeFile(passwordFile, `${THROWAWAY_KAFKA_USER.password}\n`, { mode: 0o600 });
  }, 120_000);

  afterAll(async () => {
    await AppProcess.killAll(apps);
    await db?.drop();
    await Promise.all([kafka.destroy(), postgres.destroy()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Kafka over SASL_SSL (SCRAM-SHA-512, password from a file) and PostgreSQL verify-full as a TLS-only role. */
  function securedEnv(): Record<string, string> {
    return {
      KAFKA_BROKERS: kafka.secureBroker,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: kafka.certificates.caFile,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: THROWAWAY_KAFKA_USER.username,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
      DATABASE_URL: postgres.tlsUrl,
      DATABASE_SSL_MODE: 'verify-full',
      DATABASE_SSL_CA_FILE: postgres.certificates.caFile,
      DATABASE_SCHEMA: db.schema,
      ...SMALL_APP_ENV,
    };
  }

  async function start(entry: string, env: Record<string, string> = {}): Promise<AppProcess> {
    const app = await AppProcess.start(entry, entry, { ...securedEnv(), ...env });
    apps.push(app);
    return app;
  }

  /** Starts an app that must refuse to start; returns what it wrote. */
  async function failedStart(entry: string, env: Record<string, string>): Promise<string> {
    const app = await start(entry, env);
    const { code } = await app.exited;
    expect(code).toBe(1);
    return app.output;
  }

  it('creates a customer with Prefer: wait, the worker on SCRAM-SHA-512 and the API on PLAIN', async () => {
    const worker = await start('customers/worker');
    const api = await start('customers/api', {
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_SASL_PASSWORD: THROWAWAY_KAFKA_USER.password,
      KAFKA_SASL_PASSWORD_FILE: '',
    });
    await Promise.all([worker.ready(), api.ready()]);

    await expectCustomerCreatedAndRead(api.url, {
      name: 'Secure Ada',
      email: 'secure-ada@example.com',
      address,
    });
  });

  it('creates a customer with both apps on librdkafka (SCRAM-SHA-256), on topics and a group of their own', async () => {
    const env = {
      KAFKA_CLIENT: 'librdkafka',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
      KAFKA_TOPIC_PREFIX: 'rdkafka.',
    };
    const worker = await start('customers/worker', env);
    const api = await start('customers/api', env);
    await Promise.all([worker.ready(), api.ready()]);

    await expectCustomerCreatedAndRead(api.url, {
      name: 'Secure Grace',
      email: 'secure-grace@example.com',
      address,
    });
  });

  it('refuses to start on a wrong SASL password, saying the credentials were refused, never printing them', async () => {
    const output = await failedStart('customers/api', {
      KAFKA_SASL_PASSWORD: WRONG_PASSWORD,
      KAFKA_SASL_PASSWORD_FILE: '',
    });
    expect(output).toContain('customers-api failed to start: Kafka refused the SASL credentials');
    expect(output).not.toContain(WRONG_PASSWORD);
  });

  it('refuses to start when the broker certificate is signed by a CA it was not given', async () => {
    const other = await makeTestCertificates(join(dir, 'other-ca'), 'some other CA');
    const output = await failedStart('customers/worker', { KAFKA_SSL_CA_FILE: other.caFile });
    expect(output).toContain(
      "customers-worker failed to start: The broker's TLS certificate is not signed by a trusted CA",
    );
  });

  it('refuses to start when it speaks plaintext to the TLS listener', async () => {
    const output = await failedStart('customers/worker', {
      KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT',
      KAFKA_SSL_CA_FILE: '',
      KAFKA_SASL_MECHANISM: '',
      KAFKA_SASL_USERNAME: '',
      KAFKA_SASL_PASSWORD_FILE: '',
    });
    expect(output).toMatch(
      /customers-worker failed to start: The broker closed every connection before answering .*requires TLS closes a plaintext connection/,
    );
  });

  it('refuses to start naming the variable whose file is missing', async () => {
    const missing = join(dir, 'no-such-ca.crt');
    const output = await failedStart('customers/api', { KAFKA_SSL_CA_FILE: missing });
    expect(output).toContain(
      `KAFKA_SSL_CA_FILE names a file that cannot be read: ${missing} (ENOENT)`,
    );
  });

  it('refuses to start when PostgreSQL is asked without TLS for a role that must use it', async () => {
    const output = await failedStart('customers/worker', {
      DATABASE_SSL_MODE: 'disable',
      DATABASE_SSL_CA_FILE: '',
    });
    expect(output).toMatch(
      /customers-worker failed to start: PostgreSQL: the server's rules \(pg_hba.conf\) refuse this connection \(.*no encryption\)/,
    );
    expect(output).not.toContain(THROWAWAY_POSTGRES_TLS_ROLE.password);
  });

  it("refuses to start when PostgreSQL's certificate is signed by a CA it was not given", async () => {
    const other = await makeTestCertificates(join(dir, 'other-ca'), 'some other CA');
    const output = await failedStart('customers/api', { DATABASE_SSL_CA_FILE: other.caFile });
    expect(output).toContain(
      "customers-api failed to start: PostgreSQL: the server's TLS certificate does not verify",
    );
  });
});
