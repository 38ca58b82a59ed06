import { BatchLedger, OutboxRelay, OutboxRepository } from '@app/persistence';
import { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TopicSpec } from '../broker/broker-admin';
import { MembershipChange, partitionKey, TopicAssignment } from '../broker/broker-consumer';
import { InboundBatch } from '../broker/inbound-batch';
import { WorkerBroker } from '../broker/worker-broker';
import { PositionBeyondLogEndError } from '../errors/position-beyond-log-end.error';
import { BatchAbandonedError } from '../errors/batch-abandoned.error';
import { BatchHandler } from '../pipeline/partition-batch';
import { reportSetApart, sendOrSetApart } from '../pipeline/send-or-set-apart';
import { WorkerObserver } from '../pipeline/worker-observer';
import { WorkerDefaults } from './kafka-worker.constants';
import { deadLetterTopicFor, factTopicsOf, WorkerOptions } from './kafka-worker.options';
import { ProcessedEventsPruner } from './processed-events-pruner';
import { OutboxWatch } from './outbox-watch';
import { WorkerStatus } from './worker-status';

/**
 * The broker-facing half of the worker, on the broker ports alone: provisions topics, runs the
 * consumer (resuming from the ledger's positions), cuts fetched batches into chunks for the
 * pipeline, commits offsets after each chunk, reports lag, runs the outbox relay, watches the
 * age of the oldest outbox row, keeps the status, and stops within its budget.
 */
export class WorkerRunner {
  /** The worker's state, for readiness checks. */
  readonly status: WorkerStatus;
  private readonly relay: OutboxRelay;
  private readonly pruner: ProcessedEventsPruner;
  private readonly outboxWatch: OutboxWatch;
  /** Set while waiting for other services' topics to exist; settles when the consumer started or the wait ended. */
  private ownersTopics?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly options: WorkerOptions,
    private readonly broker: WorkerBroker,
    private readonly ledger: BatchLedger,
    dataSource: DataSource,
    private readonly observer: WorkerObserver,
    private readonly logger: LoggerService,
  ) {
    this.relay = new OutboxRelay(
      dataSource,
      (records) => sendOrSetApart(this.broker.producer, records),
      options.relay,
      (error) => this.logger.warn(`Outbox relay sweep failed: ${String(error)}`),
      (refused) =>
        reportSetApart(refused, this.logger, (topic, reason) =>
          observer.recordUnpublishable(topic, reason),
        ),
    );
    this.status = new WorkerStatus(broker.consumer.sessionTimeoutMs);
    this.outboxWatch = new OutboxWatch(
      new OutboxRepository(dataSource),
      this.status,
      observer,
      logger,
      {
        stuckAfterMs: options.outboxStuckAfterMs ?? WorkerDefaults.outboxStuckAfterMs,
        intervalMs: options.outboxCheckIntervalMs ?? WorkerDefaults.outboxCheckIntervalMs,
      },
    );
    this.pruner = new ProcessedEventsPruner(
      ledger,
      options.deduplicationWindowMs ?? WorkerDefaults.deduplicationWindowMs,
      logger,
    );
  }

  /**
   * Provisions its topics, connects the producer, starts the relay, then the consumer; `onCrash`
   * hears a consumer that gave up. When another service's topic it reads does not exist yet, the
   * worker says so once, stays unready and starts consuming when the owner has created it: services
   * that read each other's facts can start in any order.
   */
  async start(pipeline: BatchHandler, onCrash: (error: Error) => void): Promise<void> {
    await this.broker.admin.ensureTopics(this.topicsToProvision());
    const missing = await this.missingFactTopics();
    if (missing.length === 0) await this.broker.admin.close();
    await this.broker.producer.connect();
    this.relay.start();
    this.pruner.start();
    this.outboxWatch.start();
    if (missing.length === 0) return this.startConsumer(pipeline, onCrash);
    this.logger.warn(
      `Worker ${this.options.groupId} reads facts from ${missing.join(', ')}, which does not exist ` +
        'yet; its owner creates it (this worker never does). Waiting for it, unready meanwhile.',
    );
    this.ownersTopics = this.waitForFactTopics()
      .then(async (present) => {
        await this.broker.admin.close();
        if (!present) return;
        this.logger.log(`${missing.join(', ')} now exists; consuming`);
        await this.startConsumer(pipeline, onCrash);
      })
      .catch((error: unknown) =>
        onCrash(error instanceof Error ? error : new Error(String(error))),
      );
  }

  private async startConsumer(
    pipeline: BatchHandler,
    onCrash: (error: Error) => void,
  ): Promise<void> {
    const topics = this.options.subscriptions.map((s) => s.topic);
    await this.broker.consumer.start(topics, {
      onBatch: async (batch) => {
        try {
          await this.handleBatch(pipeline, batch);
        } catch (error) {
          if (!(error instanceof PositionBeyondLogEndError)) throw error;
          // A batch fetched before another member moved the position on (a zombie's batch) is
          // only stale: the log's end now lies past the position.
          if ((await this.broker.admin.logEnd(error.topic, error.partition)) >= error.position)
            return;
          // The log was replaced: not for a retry; the worker stops, once, and says why.
          if (this.stopping) return;
          this.status.update({ crashed: error.message });
          onCrash(error);
        }
      },
      onAssigned: (assignment) => this.storedPositions(assignment),
      onCrash: (error) => {
        this.status.update({ crashed: error.message });
        onCrash(error);
      },
      onMembership: (change) => this.trackMembership(change),
    });
    this.logger.log(`Worker ${this.options.groupId} consuming ${topics.join(', ')}`);
  }

  /** Stops fetching, finishes the batch in hand, stops the relay and the producer, within the budget. */
  async stop(): Promise<void> {
    this.status.update({ shuttingDown: true });
    this.stopping = true;
    await this.ownersTopics;
    this.pruner.stop();
    this.outboxWatch.stop();
    const budget = this.options.shutdownBudgetMs ?? WorkerDefaults.shutdownBudgetMs;
    const stopped = Promise.all([this.broker.consumer.stop(), this.relay.stop()]).then(() =>
      this.broker.producer.disconnect(),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), budget);
    });
    const outcome = await Promise.race([stopped.then(() => 'stopped' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.logger.error(`Graceful stop exceeded its budget of ${budget} ms; exiting anyway.`);
      process.exitCode = 1;
    }
  }

  private async handleBatch(pipeline: BatchHandler, inbound: InboundBatch): Promise<void> {
    const size = this.options.maxBatchSize ?? WorkerDefaults.maxBatchSize;
    for (let start = 0; start < inbound.messages.length; start += size) {
      if (!inbound.isActive()) return;
      const messages = inbound.messages.slice(start, start + size);
      try {
        await pipeline({
          topic: inbound.topic,
          partition: inbound.partition,
          items: messages.map((message) => ({ message })),
          logEnd: inbound.highWatermark,
          heartbeat: () => inbound.heartbeat(),
          isActive: () => inbound.isActive(),
        });
      } catch (error) {
        if (error instanceof BatchAbandonedError) return;
        throw error;
      }
      this.status.update({ lastBatchAt: new Date() });
      const next = messages[messages.length - 1].offset + 1n;
      await this.commit(inbound, next);
      const lag = inbound.highWatermark - next;
      this.observer.setConsumerLag(inbound.topic, inbound.partition, Number(lag > 0n ? lag : 0n));
    }
  }

  private async commit(inbound: InboundBatch, nextOffset: bigint): Promise<void> {
    try {
      await inbound.commit(nextOffset);
    } catch (error) {
      // The broker's commit is an optimisation; PostgreSQL holds the position.
      this.logger.warn(
        `Offset commit for ${inbound.topic}[${inbound.partition}] failed: ${String(error)}`,
      );
    }
  }

  private async storedPositions(
    assignment: readonly TopicAssignment[],
  ): Promise<Map<string, bigint>> {
    const result = new Map<string, bigint>();
    for (const { topic, partitions } of assignment) {
      const stored = await this.ledger.readPositions(topic, partitions);
      for (const [partition, next] of stored) result.set(partitionKey(topic, partition), next);
    }
    return result;
  }

  private trackMembership(change: MembershipChange): void {
    if (change.kind === 'answered') this.status.heard();
    else if (change.kind === 'connected') this.status.update({ connected: true });
    else if (change.kind === 'joined')
      this.status.update({ joined: true, assigned: change.assignment });
    else if (change.kind === 'rebalancing') this.status.update({ joined: false });
    else this.status.update({ joined: false, connected: false, assigned: [] });
  }

  /** Returns the other services' topics it reads that do not exist; their owners create and size them. */
  private async missingFactTopics(): Promise<string[]> {
    const facts = [...factTopicsOf(this.options.subscriptions)];
    return facts.length === 0 ? [] : this.broker.admin.missingTopics(facts);
  }

  /** Polls until every topic it reads exists (true), or the worker stops first (false). */
  private async waitForFactTopics(): Promise<boolean> {
    const interval = this.options.ownerTopicPollMs ?? WorkerDefaults.ownerTopicPollMs;
    while (!this.stopping) {
      await new Promise((resolve) => setTimeout(resolve, interval));
      if (!this.stopping && (await this.missingFactTopics()).length === 0) return true;
    }
    return false;
  }

  private topicsToProvision(): TopicSpec[] {
    const specs = [...(this.options.provision ?? [])];
    for (const subscription of this.options.subscriptions) {
      const dlq = deadLetterTopicFor(subscription, this.options.groupId);
      if (!specs.some((spec) => spec.topic === dlq)) {
        specs.push({ topic: dlq, partitions: WorkerDefaults.deadLetterPartitions });
      }
    }
    const { replication } = this.options;
    return specs.map((spec) =>
      spec.replication || !replication ? spec : { ...spec, replication },
    );
  }
}
