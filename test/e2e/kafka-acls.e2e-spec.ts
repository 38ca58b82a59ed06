import { customersMigrations } from '@app/customers';
import { createEvent, CreateCustomer, encodeEvent, Topics } from '@app/events';
import { KafkaAclOperation, kafkaAclsOf } from '@app/service';
import {
  AppProcess,
  createTestDatabase,
  SMALL_APP_ENV,
  KafkaUser,
  kcatProduce,
  TestDatabase,
  THROWAWAY_KAFKA_USER,
  ThrowawayKafka,
  waitFor,
} from '@app/testing';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Admin,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { landscape } from '../../tools/landscape';
import { expectCustomerCreatedAndRead, http } from './customers-system';

const address = { street: '3 Rue Neuve', city: 'Brussels', postalCode: '1000', country: 'be' };
const userOf = (username: string): KafkaUser => ({ username, password: `${username}-pw-52c1` });
const users = {
  customersApi: userOf('customers-api'),
  customersWorker: userOf('customers-worker'),
  ordersWorker: userOf('orders-worker'),
  intruder: userOf('intruder'),
};

const operations: Record<KafkaAclOperation, AclOperationTypes> = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Create: AclOperationTypes.CREATE,
  Alter: AclOperationTypes.ALTER,
};

describe('Kafka ACLs: only a service, and the services that send it commands, write its input topic', () => {
  const kafka = new ThrowawayKafka({ secure: true, acls: true, users: Object.values(users) });
  const apps: AppProcess[] = [];
  let db: TestDatabase;
  let admin: Admin;

  beforeAll(async () => {
    await kafka.start();
    db = await createTestDatabase(customersMigrations);
    // The super user grants the landscape's ACLs, those the manifests ship, as an operator would.
    admin = new Kafka({
      brokers: [kafka.secureBroker],
      ssl: { ca: [await readFile(kafka.certificates.caFile, 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', ...THROWAWAY_KAFKA_USER },
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.createAcls({
      acl: kafkaAclsOf(Object.values(landscape)).flatMap(({ user, acls }) =>
        acls.flatMap(({ resource, operations: allowed }) =>
          allowed.map((operation) => ({
            resourceType:
              resource.type === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
            resourceName: resource.name,
            resourcePatternType: ResourcePatternTypes.LITERAL,
            principal: `User:${user}`,
            host: '*',
            operation: operations[operation],
            permissionType: AclPermissionTypes.ALLOW,
          })),
        ),
      ),
    });
    await admin.createTopics({ topics: [{ topic: Topics.orderCommands, numPartitions: 2 }] });
  }, 120_000);

  afterAll(async () => {
    await AppProcess.killAll(apps);
    await admin?.disconnect();
    await db?.drop();
    await kafka.destroy();
  });

  /** Starts an app over SASL_SSL (SCRAM-SHA-512) as the Kafka user `user`. */
  async function start(entry: string, user: KafkaUser): Promise<AppProcess> {
    const app = await AppProcess.start(entry, entry, {
      KAFKA_BROKERS: kafka.secureBroker,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: kafka.certificates.caFile,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: user.username,
      KAFKA_SASL_PASSWORD: user.password,
      DATABASE_URL: db.url,
      DATABASE_SCHEMA: db.schema,
      ...SMALL_APP_ENV,
    });
    apps.push(app);
    return app;
  }

  /** Writes a command creating `customerId` to `topic` with kcat (PLAIN), as `user`, acting for a customer. */
  async function writeCommand(topic: string, user: KafkaUser, customerId: string): Promise<void> {
    const onBehalfOf = randomUUID();
    const payload = { customerId, name: 'Forged', email: `${customerId}@example.com`, address };
    const encoded = encodeEvent(
      CreateCustomer,
      createEvent(CreateCustomer, payload, { source: user.username, onBehalfOf }),
    );
    await kcatProduce(
      topic,
      { key: encoded.key, value: encoded.value, headers: encoded.headers },
      {
        broker: kafka.secureBroker,
        settings: {
          'security.protocol': 'SASL_SSL',
          'sasl.mechanisms': 'PLAIN',
          'sasl.username': user.username,
          'sasl.password': user.password,
          'ssl.ca.location': kafka.certificates.caFile,
        },
      },
    );
  }

  /** Returns how many records `topic` holds, summed over its partitions. */
  async function recordsIn(topic: string): Promise<number> {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  }

  let apiUrl: string;

  it('creates a customer with the API and the worker each on its own user and its own ACLs', async () => {
    const worker = await start('customers/worker', users.customersWorker);
    const api = await start('customers/api', users.customersApi);
    await Promise.all([worker.ready(), api.ready()]);
    apiUrl = api.url;

    await expectCustomerCreatedAndRead(api.url, {
      name: 'Authorized Ada',
      email: 'authorized-ada@example.com',
      address,
    });
  });

  it('refuses a forged command carrying ce_onbehalfof from a user that may not write the input topic', async () => {
    const before = await recordsIn(Topics.customerCommands);

    const forged = writeCommand(Topics.customerCommands, users.intruder, randomUUID());

    await expect(forged).rejects.toThrow(/Topic authorization failed/i);
    expect(await recordsIn(Topics.customerCommands)).toBe(before);
  });

  it("refuses the API's user writing its service's facts", async () => {
    const before = await recordsIn(Topics.customerEvents);

    const forged = writeCommand(Topics.customerEvents, users.customersApi, randomUUID());

    await expect(forged).rejects.toThrow(/Topic authorization failed/i);
    expect(await recordsIn(Topics.customerEvents)).toBe(before);
  });

  it("stops a worker run with its API's user, which may neither read the input nor write facts", async () => {
    const worker = await start('customers/worker', users.customersApi);

    const { code } = await worker.exited;

    expect(code).toBe(1);
    expect(worker.output).toMatch(
      /customers-worker failed to start: Kafka refused to create the topics .*customers\.events \(TOPIC_AUTHORIZATION_FAILED\)/,
    );
  });

  it('lets a worker write the input topics it sends commands to, and no other', async () => {
    const customers = await recordsIn(Topics.customerCommands);
    const orders = await recordsIn(Topics.orderCommands);

    const customerId = randomUUID();

    await writeCommand(Topics.customerCommands, users.ordersWorker, customerId);
    const refused = writeCommand(Topics.orderCommands, users.customersWorker, randomUUID());

    await expect(refused).rejects.toThrow(/Topic authorization failed/i);
    expect(await recordsIn(Topics.orderCommands)).toBe(orders);
    expect(await recordsIn(Topics.customerCommands)).toBe(customers + 1);
    // The customers worker took the orders worker's command like its own API's.
    const read = await waitFor(
      () => http('GET', `${apiUrl}/customers/${customerId}`),
      (reply) => reply.status === 200,
      { what: 'the customer the orders worker asked for' },
    );
    expect(read.body).toMatchObject({ customerId, version: 1 });
  });
});
