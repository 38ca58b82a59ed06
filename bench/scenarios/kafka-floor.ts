import { stackConfig } from '@app/testing';
import { Kafka, KafkaMessage, logLevel, Message } from 'kafkajs';
import { withBenchRun } from '../lib/bench-run';
import { preloadCreates } from '../lib/preload';

/** What kafkajs alone did with one backlog: no database, no handler. */
export interface KafkaFloorResult {
  readonly events: number;
  /** Consuming the backlog and dropping it. */
  readonly consume: KafkaOnlyRate;
  /** Producing the same messages again (keys, values, headers) with `acks: -1`. */
  readonly produce: KafkaOnlyRate;
}

export interface KafkaOnlyRate {
  readonly eventsPerSecond: number;
  /** CPU time of this Node process per event, in microseconds. */
  readonly cpuMicrosPerEvent: number;
}

const SEND_SIZE = 500;
const IN_FLIGHT = 4;

/**
 * Measures what the Kafka client costs before any work is done: the same create commands as the
 * materialization backlog, consumed with kafkajs `eachBatch` (4 partitions at once) and thrown
 * away, then produced again to another topic in sends of 500, 4 in flight. Every worker here
 * does at least both per event, so together they bound any worker built on kafkajs.
 */
export async function measureKafkaFloor(events: number): Promise<KafkaFloorResult> {
  return withBenchRun(12, async (run) => {
    const { brokers } = stackConfig();
    await preloadCreates(brokers, run.names.prefix, events);
    const kafka = new Kafka({ clientId: 'bench-floor', brokers, logLevel: logLevel.NOTHING });

    const consumed: KafkaMessage[] = [];
    const consumer = kafka.consumer({ groupId: run.names.groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: [run.names.input], fromBeginning: true });
    // Timed from the first batch: joining the group is not the client's per-event cost.
    let first: { at: number; cpu: NodeJS.CpuUsage } | undefined;
    const consume = await new Promise<KafkaOnlyRate>((resolve) => {
      void consumer.run({
        partitionsConsumedConcurrently: 4,
        eachBatch: async ({ batch }) => {
          first ??= { at: performance.now(), cpu: process.cpuUsage() };
          consumed.push(...batch.messages);
          if (consumed.length >= events) resolve(rate(events, first.at, first.cpu));
        },
      });
    });
    await consumer.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    const produce = await timed(events, async () => {
      const pending = new Set<Promise<unknown>>();
      for (let start = 0; start < consumed.length; start += SEND_SIZE) {
        const messages: Message[] = consumed
          .slice(start, start + SEND_SIZE)
          .map(({ key, value, headers }) => ({ key, value, headers }));
        const sent = producer.send({ topic: run.names.output, acks: -1, messages });
        pending.add(sent);
        void sent.finally(() => pending.delete(sent));
        if (pending.size >= IN_FLIGHT) await Promise.race(pending);
      }
      await Promise.all(pending);
    });
    await producer.disconnect();
    if (consumed.length < events) throw new Error(`Consumed ${consumed.length} of ${events}.`);
    return { events, consume, produce };
  });
}

async function timed(events: number, body: () => Promise<void>): Promise<KafkaOnlyRate> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await body();
  return rate(events, started, cpu);
}

function rate(events: number, started: number, cpu: NodeJS.CpuUsage): KafkaOnlyRate {
  const used = process.cpuUsage(cpu);
  return {
    eventsPerSecond: events / ((performance.now() - started) / 1000),
    cpuMicrosPerEvent: (used.user + used.system) / events,
  };
}
