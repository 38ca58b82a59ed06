import {
  Consumer,
  ConsumerConfig,
  EachBatchPayload,
  Kafka,
  TopicPartitionOffset,
} from 'kafkajs';
import {
  BrokerConsumer,
  ConsumerCallbacks,
  partitionKey,
  TopicAssignment,
} from '../broker/broker-consumer';
import { toInboundMessage } from '../broker/inbound-message';
import { SendCoalescer } from '../broker/send-coalescer';
import { commitTogether, PendingCommit } from './commit-together';
import { KafkajsDefaults } from './kafkajs.constants';
import { explainConnectionFailure } from './kafkajs-connection-failure';

/** Consumer settings we pass through to kafkajs, minus the keys the worker owns. */
export type KafkajsConsumerConfig = Omit<ConsumerConfig, 'groupId' | 'allowAutoTopicCreation'>;

/**
 * A consumer-group member on kafkajs: `eachBatch`, partitions handled concurrently, no
 * auto-commit, and on every assignment a seek to the positions stored in PostgreSQL.
 */
export class KafkajsConsumer implements BrokerConsumer {
  private consumer?: Consumer;
  /** The commits of batches that finish together (they shared a transaction) go in one request. */
  private readonly commits = new SendCoalescer<PendingCommit>(commitTogether, 2_000, true);

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly config: KafkajsConsumerConfig,
    private readonly partitionsConsumedConcurrently: number,
    private readonly fromBeginning: boolean,
  ) {}

  get sessionTimeoutMs(): number {
    return this.config.sessionTimeout ?? KafkajsDefaults.sessionTimeoutMs;
  }

  async start(topics: readonly string[], callbacks: ConsumerCallbacks): Promise<void> {
    const consumer = this.kafka.consumer({
      ...this.config,
      groupId: this.groupId,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const { CONNECT, GROUP_JOIN, REBALANCING, STOP, DISCONNECT, CRASH, HEARTBEAT, FETCH } =
      consumer.events;
    const answered = () => callbacks.onMembership({ kind: 'answered' });
    consumer.on(HEARTBEAT, answered);
    consumer.on(FETCH, answered);
    consumer.on(CONNECT, () => callbacks.onMembership({ kind: 'connected' }));
    consumer.on(REBALANCING, () => callbacks.onMembership({ kind: 'rebalancing' }));
    consumer.on(STOP, () => callbacks.onMembership({ kind: 'stopped' }));
    consumer.on(DISCONNECT, () => callbacks.onMembership({ kind: 'disconnected' }));
    consumer.on(CRASH, ({ payload }) => {
      // kafkajs restarts itself after a retriable crash; only a final one ends the worker.
      if (!payload.restart) callbacks.onCrash(payload.error);
    });
    consumer.on(GROUP_JOIN, ({ payload }) => {
      const assignment: TopicAssignment[] = Object.entries(payload.memberAssignment).map(
        ([topic, partitions]) => ({ topic, partitions }),
      );
      callbacks.onMembership({ kind: 'joined', assignment });
      void this.seekToStoredPositions(consumer, assignment, callbacks);
    });

    await consumer.connect().catch((error: unknown) => {
      throw explainConnectionFailure(error);
    });
    await consumer.subscribe({ topics: [...topics], fromBeginning: this.fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload, callbacks),
    });
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    // stop() waits for the batches in hand; disconnect() leaves the group.
    await consumer.stop();
    await consumer.disconnect();
  }

  private async handleBatch(
    payload: EachBatchPayload,
    callbacks: ConsumerCallbacks,
  ): Promise<void> {
    const { batch } = payload;
    await callbacks.onBatch({
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.map((message) =>
        toInboundMessage(batch.topic, batch.partition, message),
      ),
      highWatermark: BigInt(batch.highWatermark),
      heartbeat: () => payload.heartbeat(),
      isActive: () => payload.isRunning() && !payload.isStale(),
      commit: async (nextOffset) => {
        payload.resolveOffset((nextOffset - 1n).toString());
        await this.commits.send([
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: nextOffset,
            // Not consumer.commitOffsets(): it silently skips the commit once stop() has begun,
            // which would lose the last commit of a graceful shutdown.
            commitOffsets: payload.commitOffsetsIfNecessary,
          },
        ]);
      },
    });
  }

  private async seekToStoredPositions(
    consumer: Consumer,
    assignment: readonly TopicAssignment[],
    callbacks: ConsumerCallbacks,
  ): Promise<void> {
    try {
      const positions = await callbacks.onAssigned(assignment);
      const stored: TopicPartitionOffset[] = [];
      for (const { topic, partitions } of assignment) {
        for (const partition of partitions) {
          const next = positions.get(partitionKey(topic, partition));
          if (next === undefined) continue;
          consumer.seek({ topic, partition, offset: next.toString() });
          stored.push({ topic, partition, offset: next.toString() });
        }
      }
      // A predecessor killed between its database commit and its broker commit left the broker
      // behind; a partition with nothing new to consume would never catch up (and would show lag
      // forever). The stored positions are never behind the broker's.
      if (stored.length > 0) await consumer.commitOffsets(stored);
    } catch {
      // Seeking and committing are optimisations: the batch transaction skips what was applied anyway.
    }
  }
}
