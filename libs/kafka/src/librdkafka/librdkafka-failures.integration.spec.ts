import {
  KafkaUser,
  makeTestCertificates,
  THROWAWAY_KAFKA_USER,
  ThrowawayKafka,
  uniqueName,
} from '@app/testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsumerCallbacks } from '../broker/broker-consumer';
import { BrokerSecurity } from '../broker/broker-security';
import { WorkerBroker } from '../broker/worker-broker';
import { BrokerConnectionError } from '../errors/broker-connection.error';
import { TopicsRefusedError } from '../errors/topics-refused.error';
import { librdkafkaBroker } from './librdkafka-broker';

const WRONG_PASSWORD = 'not-the-password-7f3a';
/** A user of the broker with no ACL at all: it may not create a topic. */
const UNGRANTED: KafkaUser = { username: 'ungranted', password: 'ungranted-pw-31d0' };

/** A consumer's callbacks for a start that must fail before any of them is called. */
const idle: ConsumerCallbacks = {
  onBatch: async () => undefined,
  onAssigned: async () => new Map(),
  onCrash: () => undefined,
  onMembership: () => undefined,
};

describe('The librdkafka adapter started with security settings the broker refuses (a broker of its own, with ACLs)', () => {
  const kafka = new ThrowawayKafka({ secure: true, acls: true, users: [UNGRANTED] });
  const started: WorkerBroker[] = [];
  let dir: string;
  let ca: string;

  beforeAll(async () => {
    await kafka.start();
    dir = await mkdtemp(join(tmpdir(), 'librdkafka-failures-'));
    ca = await readFile(kafka.certificates.caFile, 'utf8');
  }, 120_000);

  afterEach(async () => {
    const brokers = started.splice(0);
    await Promise.allSettled(
      brokers.flatMap(({ admin, producer, consumer }) => [
        admin.close(),
        producer.disconnect(),
        consumer.stop(),
      ]),
    );
  });

  afterAll(async () => {
    await kafka.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Builds a worker's librdkafka ports on `broker` (the SASL_SSL listener unless told). */
  function ports(security: BrokerSecurity, broker = kafka.secureBroker): WorkerBroker {
    const ported = librdkafkaBroker({
      client: { clientId: uniqueName('test-client'), brokers: [broker], security },
      groupId: uniqueName('test-group'),
      partitionsConsumedConcurrently: 1,
      fromBeginning: true,
    });
    started.push(ported);
    return ported;
  }

  /** Provisions a topic of the test's own, as a worker does first at start. */
  function provision(ported: WorkerBroker): Promise<void> {
    return ported.admin.ensureTopics([{ topic: uniqueName('test-topic'), partitions: 1 }]);
  }

  function scram(user: KafkaUser): BrokerSecurity {
    return { tls: { ca }, sasl: { mechanism: 'scram-sha-512', ...user } };
  }

  it('says the SASL credentials were refused, never printing them, from the admin, the producer and the consumer', async () => {
    const ported = ports(
      scram({ username: THROWAWAY_KAFKA_USER.username, password: WRONG_PASSWORD }),
    );

    const failures = await Promise.allSettled([
      provision(ported),
      ported.producer.connect(),
      ported.consumer.start([uniqueName('test-topic')], idle),
    ]);

    for (const failure of failures) {
      expect(failure.status).toBe('rejected');
      const { reason } = failure as PromiseRejectedResult;
      expect(reason).toBeInstanceOf(BrokerConnectionError);
      expect((reason as Error).message).toMatch(
        /^Kafka refused the SASL credentials \(SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512\)/,
      );
      expect((reason as Error).message).not.toContain(WRONG_PASSWORD);
    }
  });

  it('says the certificate does not verify when it is signed by a CA it was not given', async () => {
    const other = await makeTestCertificates(join(dir, 'other-ca'), 'some other CA');
    const ported = ports({
      ...scram(THROWAWAY_KAFKA_USER),
      tls: { ca: await readFile(other.caFile, 'utf8') },
    });

    const failure = provision(ported);

    await expect(failure).rejects.toBeInstanceOf(BrokerConnectionError);
    await expect(failure).rejects.toThrow(
      /^The broker's TLS certificate does not verify \(.*certificate verify failed.*\): it is not signed by the CA given as the CA file/,
    );
  });

  it('says the listener may require TLS when it speaks plaintext to the TLS listener', async () => {
    const failure = provision(ports({}));

    await expect(failure).rejects.toBeInstanceOf(BrokerConnectionError);
    await expect(failure).rejects.toThrow(
      /^The broker closed every connection before answering .*requires TLS closes a plaintext connection/,
    );
  });

  it('says the listener does not speak TLS when it speaks TLS to the plaintext listener', async () => {
    const failure = provision(ports(scram(THROWAWAY_KAFKA_USER), kafka.broker));

    await expect(failure).rejects.toBeInstanceOf(BrokerConnectionError);
    await expect(failure).rejects.toThrow(
      /^The TLS handshake with the broker failed \(.*\): the listener does not speak TLS/,
    );
  });

  it('names the topic the broker refuses to create for want of an ACL, and the ACL to grant', async () => {
    const topic = uniqueName('test-topic');

    const failure = ports(scram(UNGRANTED)).admin.ensureTopics([{ topic, partitions: 1 }]);

    await expect(failure).rejects.toBeInstanceOf(TopicsRefusedError);
    await expect(failure).rejects.toThrow(
      `Kafka refused to create the topics ${topic} (TOPIC_AUTHORIZATION_FAILED). Its user may ` +
        'not create them, or may not see that they exist: grant it Create on them',
    );
  });
});
