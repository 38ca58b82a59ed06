import { KafkaJS } from '@confluentinc/kafka-javascript';
import { BrokerConsumer, ConsumerCallbacks, partitionKey } from '../broker/broker-consumer';
import { toInboundMessage } from '../broker/inbound-message';
import { highestPerPartition, PartitionOffset } from '../broker/partition-offsets';
import { SendCoalescer } from '../broker/send-coalescer';
import { ConnectionFailureLog } from './connection-failure-log';
import { explainLibrdkafkaConnectionFailure } from './librdkafka-connection-failure';
import { OwnedPartitions } from './owned-partitions';
import { GroupProtocol, LibrdkafkaDefaults } from './librdkafka.constants';

/** How one librdkafka consumer joins its group and paces its work. */
export interface LibrdkafkaConsumerSettings {
  readonly groupId: string;
  readonly groupProtocol: GroupProtocol;
  /** Classic protocol only: under `consumer` the broker's own session timeout applies. */
  readonly sessionTimeoutMs?: number;
  /** Classic protocol only. */
  readonly heartbeatIntervalMs?: number;
  readonly maxPollIntervalMs: number;
  readonly partitionsConsumedConcurrently: number;
  readonly fromBeginning: boolean;
  /** Further librdkafka properties, applied last. */
  readonly config?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * A consumer-group member on librdkafka (through the client's promise API): `eachBatch`,
 * partitions handled concurrently, manual commits only. Each assigned partition starts at the
 * position stored in PostgreSQL, handed to librdkafka with the assignment itself, before any
 * fetch. A revoked partition is given back only once the batches in hand have ended: the client
 * applies a revocation after its workers finish their current batch.
 * @see https://github.com/confluentinc/confluent-kafka-javascript/blob/master/MIGRATION.md
 */
export class LibrdkafkaConsumer implements BrokerConsumer {
  private consumer?: KafkaJS.Consumer;
  private readonly owned = new OwnedPartitions();
  /** The commits of batches that finish together go in one request. */
  private readonly commits = new SendCoalescer<PartitionOffset>(
    (commits) => this.commitHighest(commits),
    2_000,
    true,
  );

  /** @param failures the broker failures `kafka` logs, which explain a failed connection. */
  constructor(
    private readonly kafka: KafkaJS.Kafka,
    private readonly failures: ConnectionFailureLog,
    private readonly settings: LibrdkafkaConsumerSettings,
  ) {}

  get sessionTimeoutMs(): number {
    return this.settings.groupProtocol === 'classic'
      ? (this.settings.sessionTimeoutMs ?? LibrdkafkaDefaults.brokerSessionTimeoutMs)
      : LibrdkafkaDefaults.brokerSessionTimeoutMs;
  }

  /** @throws BrokerConnectionError when the brokers refuse this client's security settings. */
  async start(topics: readonly string[], callbacks: ConsumerCallbacks): Promise<void> {
    const consumer = this.kafka.consumer(this.consumerConfig(callbacks));
    this.consumer = consumer;
    await consumer.connect().catch((error: unknown) => {
      throw explainLibrdkafkaConnectionFailure(error, this.failures.latest());
    });
    callbacks.onMembership({ kind: 'connected' });
    await consumer.subscribe({ topics: [...topics] });
    // run() resolves at once; the client's workers hand batches over until disconnect().
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload, callbacks),
    });
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    // disconnect() waits for the batches in hand, then closes: the member leaves its group.
    await consumer.disconnect();
  }

  private consumerConfig(callbacks: ConsumerCallbacks): KafkaJS.ConsumerConstructorConfig {
    const { settings } = this;
    const classic = settings.groupProtocol === 'classic';
    return {
      kafkaJS: {
        groupId: settings.groupId,
        fromBeginning: settings.fromBeginning,
        autoCommit: false,
        ...(classic && {
          sessionTimeout: settings.sessionTimeoutMs,
          heartbeatInterval: settings.heartbeatIntervalMs,
          partitionAssigners: [KafkaJS.PartitionAssigners.cooperativeSticky],
        }),
      },
      'group.protocol': settings.groupProtocol,
      'allow.auto.create.topics': false,
      'max.poll.interval.ms': settings.maxPollIntervalMs,
      'js.consumer.max.batch.size': LibrdkafkaDefaults.maxBatchSize,
      'statistics.interval.ms': LibrdkafkaDefaults.statisticsIntervalMs,
      stats_cb: (event: { message: string }) => this.onStatistics(event.message, callbacks),
      rebalance_cb: (
        error: { code: number },
        assignment: KafkaJS.TopicPartition[],
      ): Promise<KafkaJS.TopicPartitionOffset[] | undefined> =>
        this.onRebalance(error.code, assignment, callbacks),
      ...settings.config,
    };
  }

  /**
   * Answers an assignment with the stored positions of the new partitions (librdkafka starts
   * each there), and records a revocation. The client awaits this before it (un)assigns.
   */
  private async onRebalance(
    code: number,
    partitions: readonly KafkaJS.TopicPartition[],
    callbacks: ConsumerCallbacks,
  ): Promise<KafkaJS.TopicPartitionOffset[] | undefined> {
    if (code !== KafkaJS.ErrorCodes.ERR__ASSIGN_PARTITIONS) {
      this.owned.remove(partitions);
      callbacks.onMembership({ kind: 'joined', assignment: this.owned.assignment() });
      return undefined;
    }
    this.owned.add(partitions);
    callbacks.onMembership({ kind: 'joined', assignment: this.owned.assignment() });
    let positions: Map<string, bigint>;
    try {
      positions = await callbacks.onAssigned(OwnedPartitions.group(partitions));
    } catch {
      // Seeking is an optimisation: the batch transaction skips what was applied anyway.
      return undefined;
    }
    const stored: KafkaJS.TopicPartitionOffset[] = [];
    const assignment = partitions.map(({ topic, partition }) => {
      const next = positions.get(partitionKey(topic, partition));
      if (next === undefined) return { topic, partition } as KafkaJS.TopicPartitionOffset;
      stored.push({ topic, partition, offset: next.toString() });
      // librdkafka takes the offset of an assignment as a number.
      return { topic, partition, offset: Number(next) } as unknown as KafkaJS.TopicPartitionOffset;
    });
    // A predecessor killed between its database commit and its broker commit left the broker
    // behind; the stored positions are never behind the broker's. Committed once assigned.
    if (stored.length > 0) setImmediate(() => void this.commitStored(stored));
    return assignment;
  }

  private async commitStored(stored: KafkaJS.TopicPartitionOffset[]): Promise<void> {
    try {
      await this.consumer?.commitOffsets(stored);
    } catch {
      // An optimisation only, as above.
    }
  }

  /** Reports that the member is in touch while librdkafka's group coordinator connection is up. */
  private onStatistics(json: string, callbacks: ConsumerCallbacks): void {
    const statistics = JSON.parse(json) as { cgrp?: { state?: string } };
    if (statistics.cgrp?.state === 'up') callbacks.onMembership({ kind: 'answered' });
  }

  private async handleBatch(
    payload: KafkaJS.EachBatchPayload,
    callbacks: ConsumerCallbacks,
  ): Promise<void> {
    const { batch } = payload;
    callbacks.onMembership({ kind: 'answered' });
    await callbacks.onBatch({
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.map((message) =>
        toInboundMessage(batch.topic, batch.partition, message),
      ),
      highWatermark: logEndAtLeast(batch),
      // librdkafka heartbeats from its own thread; max.poll.interval.ms bounds a batch instead.
      heartbeat: () => payload.heartbeat(),
      isActive: () => payload.isRunning() && !payload.isStale(),
      commit: async (nextOffset) => {
        payload.resolveOffset((nextOffset - 1n).toString());
        await this.commits.send([
          { topic: batch.topic, partition: batch.partition, offset: nextOffset },
        ]);
      },
    });
  }

  private async commitHighest(commits: readonly PartitionOffset[]): Promise<void> {
    await this.consumer?.commitOffsets(
      highestPerPartition(commits).map(({ topic, partition, offset }) => ({
        topic,
        partition,
        offset: offset.toString(),
      })),
    );
  }
}

/**
 * Returns the batch's high watermark, never below the offset after its last record: the client
 * reports -1001 while it has no watermark for the partition, and a log end before records in hand
 * would read as a log replaced under the stored position.
 */
function logEndAtLeast(batch: KafkaJS.Batch): bigint {
  const reported = BigInt(batch.highWatermark);
  const last = batch.messages.at(-1);
  const after = last === undefined ? reported : BigInt(last.offset) + 1n;
  return reported > after ? reported : after;
}
