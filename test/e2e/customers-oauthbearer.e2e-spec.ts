import { customersMigrations } from '@app/customers';
import {
  AppProcess,
  createTestDatabase,
  SMALL_APP_ENV,
  freePort,
  OAuthTokenEndpoint,
  TestDatabase,
  THROWAWAY_KAFKA_OAUTH_SCOPE,
  ThrowawayKafka,
} from '@app/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCustomerCreatedAndRead } from './customers-system';

const address = { street: '2 Rue Neuve', city: 'Brussels', postalCode: '1000', country: 'be' };
const clients = { 'customers-api': 'api-secret-41c2', 'customers-worker': 'worker-secret-9d07' };
const WRONG_SECRET = 'not-the-secret-5e1b';

describe('Customers over SASL_SSL with OAUTHBEARER (tokens of the client-credentials grant)', () => {
  const kafka = new ThrowawayKafka({ secure: true });
  const tokens = new OAuthTokenEndpoint({ clients });
  const apps: AppProcess[] = [];
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    await Promise.all([kafka.start(), tokens.start()]);
    db = await createTestDatabase(customersMigrations);
    dir = await mkdtemp(join(tmpdir(), 'oauthbearer-e2e-'));
  }, 120_000);

  afterAll(async () => {
    await AppProcess.killAll(apps);
    await db?.drop();
    await Promise.all([kafka.destroy(), tokens.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Writes a client secret to a file of its own, as a mounted Secret would hold it. */
  async function secretFile(secret: string): Promise<string> {
    const file = join(dir, `secret-${apps.length}-${secret}`);
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return file;
  }

  /** Starts an app as OAuth client `clientId` with the secret `secret`, asking for the broker's scope. */
  async function start(
    entry: 'customers/api' | 'customers/worker',
    clientId: string,
    secret: string,
    env: Record<string, string> = {},
  ): Promise<AppProcess> {
    const app = await AppProcess.start(entry, entry, {
      KAFKA_BROKERS: kafka.secureBroker,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: kafka.certificates.caFile,
      KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
      KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL: tokens.url,
      KAFKA_SASL_OAUTHBEARER_CLIENT_ID: clientId,
      KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE: await secretFile(secret),
      KAFKA_SASL_OAUTHBEARER_SCOPE: THROWAWAY_KAFKA_OAUTH_SCOPE,
      DATABASE_URL: db.url,
      DATABASE_SCHEMA: db.schema,
      ...SMALL_APP_ENV,
      ...env,
    });
    apps.push(app);
    return app;
  }

  it('creates a customer with Prefer: wait, each app fetching one token and reusing it on every connection', async () => {
    // SASL extensions as Confluent Cloud asks for them; this broker's validator takes any.
    const worker = await start(
      'customers/worker',
      'customers-worker',
      clients['customers-worker'],
      {
        KAFKA_SASL_OAUTHBEARER_EXTENSIONS: 'logicalCluster=lkc-local,identityPoolId=pool-local',
      },
    );
    const api = await start('customers/api', 'customers-api', clients['customers-api']);
    await Promise.all([worker.ready(), api.ready()]);

    await expectCustomerCreatedAndRead(api.url, {
      name: 'Bearer Ada',
      email: 'bearer-ada@example.com',
      address,
    });
    // Each process opens several connections (producer, admin, consumer, group coordinator).
    expect({
      api: tokens.tokensIssuedTo('customers-api'),
      worker: tokens.tokensIssuedTo('customers-worker'),
    }).toEqual({ api: 1, worker: 1 });
  });

  it('creates a customer with both apps on librdkafka, which asks for its tokens through its refresh callback', async () => {
    const env = { KAFKA_CLIENT: 'librdkafka', KAFKA_TOPIC_PREFIX: 'rdkafka.' };
    const issued = {
      api: tokens.tokensIssuedTo('customers-api'),
      worker: tokens.tokensIssuedTo('customers-worker'),
    };
    const worker = await start(
      'customers/worker',
      'customers-worker',
      clients['customers-worker'],
      {
        ...env,
        KAFKA_SASL_OAUTHBEARER_EXTENSIONS: 'logicalCluster=lkc-local,identityPoolId=pool-local',
      },
    );
    const api = await start('customers/api', 'customers-api', clients['customers-api'], env);
    await Promise.all([worker.ready(), api.ready()]);

    await expectCustomerCreatedAndRead(api.url, {
      name: 'Bearer Grace',
      email: 'bearer-grace@example.com',
      address,
    });
    // librdkafka's clients of one process (consumer, producer, admin) share its token source.
    expect({
      api: tokens.tokensIssuedTo('customers-api') - issued.api,
      worker: tokens.tokensIssuedTo('customers-worker') - issued.worker,
    }).toEqual({ api: 1, worker: 1 });
  });

  /** Starts an app that must refuse to start; returns what it wrote. */
  async function failedStart(...args: Parameters<typeof start>): Promise<string> {
    const app = await start(...args);
    const { code } = await app.exited;
    expect(code).toBe(1);
    return app.output;
  }

  it('refuses to start on a wrong client secret, saying the token endpoint refused it, never printing it', async () => {
    const output = await failedStart('customers/worker', 'customers-worker', WRONG_SECRET);
    expect(output).toContain(
      `customers-worker failed to start: The OAuth token endpoint ${tokens.url} refused the client credentials (HTTP 401: invalid_client`,
    );
    expect(output).toContain('Check the OAuth client id and secret.');
    expect(output).not.toContain(WRONG_SECRET);
  });

  it('refuses to start when the broker refuses its token (issued without the scope the broker requires)', async () => {
    const output = await failedStart('customers/api', 'customers-api', clients['customers-api'], {
      KAFKA_SASL_OAUTHBEARER_SCOPE: '',
    });
    expect(output).toMatch(
      /customers-api failed to start: Kafka refused the OAUTHBEARER token \(\{"status":"insufficient_scope", "scope":"\[kafka\]"\}\)/,
    );
  });

  it('retries a token endpoint that cannot be reached, then refuses to start naming it', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/oauth2/token`;
    const output = await failedStart('customers/api', 'customers-api', clients['customers-api'], {
      KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL: nowhere,
    });
    expect(output).toContain(
      `customers-api failed to start: The OAuth token endpoint ${nowhere} cannot be reached (ECONNREFUSED`,
    );
  });
});
