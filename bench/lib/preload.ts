import {
  createEvent,
  CreateCustomer,
  customersCatalogue,
  encodeEvent,
  stableUuid,
} from '@app/events';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Message, Partitioners } from 'kafkajs';

const SEND_CHUNK = 2_000;
const IN_FLIGHT = 4;

/** The create command of customer `i` of a run: distinct id, email and tracking id. */
export function createCommand(definition: typeof CreateCustomer, run: string, i: number) {
  const customerId = stableUuid(`${run}/customer/${i}`);
  return createEvent(
    definition,
    {
      customerId,
      name: `Customer ${i}`,
      email: `customer-${i}@${run.replace(/[^a-z0-9-]/g, '')}.bench.example`,
      address: { street: `${i} Main Street`, city: 'Lyon', postalCode: '69001', country: 'FR' },
    },
    { source: 'bench', trackingId: randomUUID() },
  );
}

/**
 * Writes `count` create-customer commands on the commands topic of `prefix` (keys distinct, murmur2-partitioned as our
 * producers do), as CloudEvents in binary mode; resolves once the broker acknowledged them all.
 */
export async function preloadCreates(
  brokers: string[],
  prefix: string,
  count: number,
): Promise<void> {
  const definition = customersCatalogue.withTopicPrefix(prefix).resolve(CreateCustomer);
  const kafka = new Kafka({ clientId: 'bench-preload', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const pending = new Set<Promise<unknown>>();
    for (let start = 0; start < count; start += SEND_CHUNK) {
      const messages: Message[] = [];
      for (let i = start; i < Math.min(count, start + SEND_CHUNK); i++) {
        const encoded = encodeEvent(definition, createCommand(definition, prefix, i));
        messages.push({ key: encoded.key, value: encoded.value, headers: encoded.headers });
      }
      const sent = producer.send({ topic: definition.topic, acks: -1, messages });
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
      if (pending.size >= IN_FLIGHT) await Promise.race(pending);
    }
    await Promise.all(pending);
  } finally {
    await producer.disconnect();
  }
}
