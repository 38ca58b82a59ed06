/**
 * Contender b: NestJS's own Kafka transport (ServerKafka, @nestjs/microservices 11), used as
 * its docs show; one TypeORM transaction, one produce and one offset commit per event.
 *
 * What ServerKafka does, read in server/server-kafka.js:
 * - It runs kafkajs `eachMessage` and awaits each event handler (`handleEvent` awaits the
 *   handler's promise, and `lastValueFrom` when it returns an observable), so one partition's
 *   events are handled one at a time, in offset order; partitions run concurrently up to
 *   `run.partitionsConsumedConcurrently`.
 * - It appends `-server` to the client id and to the group id: `postfixId: ''` keeps GROUP_ID.
 * - Its parser turns every header into a string (and JSON-parses one that starts with `{` or
 *   `[`; an array of repeated headers becomes one comma-joined string), the key into a string,
 *   and the value into a string or, when it starts with `{` or `[`, a JSON-parsed object.
 *   `parser: { keepBinary: true }` keeps the value a Buffer; the handler decodes
 *   `context.getMessage()` with the events codec.
 * - `@Payload()` of an event is the message value alone; headers and key only via the context.
 * - It never commits: with `autoCommit: false` kafkajs resolves each offset after the handler
 *   and commits nothing, so the handler commits through `context.getConsumer()`. kafkajs skips
 *   that commit silently once disconnect() has begun, so the event in flight at SIGTERM is
 *   redelivered on restart; the stored outcome makes that a republication.
 * - A handler error is logged by the RPC exception filter and rethrown to kafkajs as a plain
 *   `{ status: 'error', message }` object (not an Error); kafkajs stops fetching, retries and
 *   redelivers from the failed event.
 * - It also creates and connects a producer of its own (for request/reply), unused here.
 */
import { loadConfig } from '@app/config';
import { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import { contenderConfigSchema, describeError, stopOnTermination } from '../customer-job';
import { CLIENT_ID } from './nest-transport.constants';
import { NestTransportModule } from './nest-transport.module';

async function main(): Promise<void> {
  const config = loadConfig(contenderConfigSchema);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    NestTransportModule.register(config),
    {
      transport: Transport.KAFKA,
      options: {
        client: { clientId: CLIENT_ID, brokers: config.KAFKA_BROKERS },
        consumer: { groupId: config.GROUP_ID },
        postfixId: '',
        parser: { keepBinary: true },
        run: { autoCommit: false, partitionsConsumedConcurrently: config.CONCURRENCY },
        subscribe: { fromBeginning: true },
        producer: { createPartitioner: Partitioners.DefaultPartitioner },
      },
      // Nest writes warnings and logs to stdout, which carries only `ready`; errors go to stderr.
      logger: ['error'],
    },
  );
  // Resolves once ServerKafka's consumer.run() has joined the group.
  await app.listen();
  process.stdout.write('ready\n');
  stopOnTermination(() => stop(app));
}

async function stop(app: INestMicroservice): Promise<void> {
  try {
    // Disconnects the consumer (after the event in flight), then the producers and the pool.
    await app.close();
    process.exit(0);
  } catch (error) {
    process.stderr.write(`shutdown failed: ${describeError(error)}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`nest-transport contender failed: ${describeError(error)}\n`);
  process.exit(1);
});
