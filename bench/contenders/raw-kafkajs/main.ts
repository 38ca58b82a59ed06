import { loadConfig } from '@app/config';
import {
  Consumer,
  EachBatchPayload,
  Kafka,
  KafkaMessage,
  logLevel,
  Partitioners,
  Producer,
} from 'kafkajs';
import { Pool } from 'pg';
import {
  ContenderConfig,
  contenderConfigSchema,
  CreateCustomerCommand,
  decodeCreateCustomer,
  describeError,
  Outcome,
  outputOf,
  stopOnTermination,
} from '../customer-job';
import { applyChunk } from './chunk-transaction';
import { deletePublished } from './guarantee-writes';

// Contender c: the practical ceiling of kafkajs + pg. Per chunk of a fetched batch: one
// transaction of four statements, one sendBatch of its outputs, then the offset commit; the
// next chunk's transaction overlaps that produce and commit, and partitions run side by side.
// Offsets are committed with the batch's commitOffsetsIfNecessary(offsets), which commits at
// once; consumer.commitOffsets() would be silently skipped once disconnect() has begun.

/** Messages per transaction and per produce request. */
const CHUNK = 500;

async function main(): Promise<void> {
  const config = loadConfig(contenderConfigSchema);
  const pool = new Pool({
    connectionString: config.DATABASE_URL,
    max: config.CONCURRENCY + 2,
    options: `-c search_path=${config.DATABASE_SCHEMA}`,
    application_name: 'bench-raw-kafkajs',
  });
  pool.on('error', (error) => process.stderr.write(`pg pool: ${describeError(error)}\n`));
  // WARN and ERROR go to console.warn/console.error: stdout carries only `ready`.
  const kafka = new Kafka({
    clientId: 'bench-raw-kafkajs',
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({
    idempotent: true,
    // kafkajs supports idempotence only with one request in flight.
    maxInFlightRequests: 1,
    // murmur2 on the key, as the Java client does.
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  const consumer = kafka.consumer({ groupId: config.GROUP_ID });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: config.INPUT_TOPIC, fromBeginning: true });
  // run() resolves once the group is joined and fetching is scheduled.
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: config.CONCURRENCY,
    eachBatch: (payload) => handleBatch(payload, pool, producer, config),
  });
  process.stdout.write('ready\n');
  stopOnTermination(() => stop(consumer, producer, pool));
}

async function handleBatch(
  {
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload,
  pool: Pool,
  producer: Producer,
  config: ContenderConfig,
): Promise<void> {
  // Pipelined: a chunk's transaction runs while the chunk before is produced and committed.
  // Produces and commits stay in chunk order (each waits for the one before), so per partition
  // the outputs keep their order and a committed offset never passes an unproduced output.
  let published: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  try {
    for (let start = 0; start < batch.messages.length; start += CHUNK) {
      // A failed produce or commit stops the batch at its next chunk.
      if (!isRunning() || isStale() || failure) break;
      const chunk = batch.messages.slice(start, start + CHUNK);
      const commands = chunk.flatMap((message) => decoded(message, batch.partition));
      const last = chunk[chunk.length - 1].offset;
      const outputsOf = (outcomes: readonly Outcome[]) =>
        commands.flatMap((command, index) => {
          const output = outputOf(command, outcomes[index], config.OUTPUT_TOPIC);
          return output === null ? [] : [output];
        });
      const source = config.GUARANTEES
        ? {
            groupId: config.GROUP_ID,
            topic: batch.topic,
            partition: batch.partition,
            nextOffset: (BigInt(last) + 1n).toString(),
            outputsOf,
          }
        : undefined;
      const { outcomes, stored } = await applyChunk(pool, commands, {
        source,
        announce: config.ANNOUNCE,
      });
      const outputs = outputsOf(outcomes).map(({ key, value, headers }) => ({
        key,
        value,
        headers,
      }));
      published = published.then(async () => {
        if (failure) return;
        if (outputs.length > 0) {
          await producer.sendBatch({
            acks: -1,
            topicMessages: [{ topic: config.OUTPUT_TOPIC, messages: outputs }],
          });
        }
        await deletePublished(pool, stored);
        resolveOffset(last);
        const partitions = [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }];
        await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions }] });
        await heartbeat();
      });
      published = published.catch((error: unknown) => {
        failure ??= { error };
      });
    }
  } finally {
    await published;
  }
  if (failure) throw failure.error;
}

/** Decodes one message; an undecodable one is logged and skipped (the worker dead-letters it). */
function decoded(message: KafkaMessage, partition: number): CreateCustomerCommand[] {
  try {
    return [
      decodeCreateCustomer({
        key: message.key,
        value: message.value,
        headers: message.headers ?? {},
      }),
    ];
  } catch (error) {
    process.stderr.write(
      `skipping partition ${partition} offset ${message.offset}: ${describeError(error)}\n`,
    );
    return [];
  }
}

async function stop(consumer: Consumer, producer: Producer, pool: Pool): Promise<void> {
  try {
    // Waits for the batches in flight; they stop at the next chunk boundary.
    await consumer.disconnect();
    await producer.disconnect();
    await pool.end();
    process.exit(0);
  } catch (error) {
    process.stderr.write(`shutdown failed: ${describeError(error)}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`raw-kafkajs contender failed: ${describeError(error)}\n`);
  process.exit(1);
});
