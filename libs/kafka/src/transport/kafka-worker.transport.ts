import { deadLetterTopicOf, EventDefinition, EventEnvelope } from '@app/events';
import { runWithLogContext } from '@app/observability';
import { BatchLedger, OutboxRelay, PostgresBatchLedger } from '@app/persistence';
import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { TopicSpec } from '../broker/broker-admin';
import { MembershipChange, partitionKey, TopicAssignment } from '../broker/broker-consumer';
import { WorkerBroker } from '../broker/worker-broker';
import { InboundBatch } from '../broker/inbound-batch';
import { BatchAbandonedError } from '../errors/batch-abandoned.error';
import { EventRejectedError } from '../errors/event-rejected.error';
import { kafkajsBroker } from '../kafkajs/kafkajs-broker';
import { EventDecision, EventDispatcher, HandlerScope } from '../pipeline/event-dispatcher';
import { BatchHandler } from '../pipeline/partition-batch';
import { buildWorkerPipeline } from '../pipeline/worker-pipeline';
import { silentObserver, WorkerObserver } from '../pipeline/worker-observer';
import { WorkerDefaults } from './kafka-worker.constants';
import { assertWorkerOptions, KafkaWorkerOptions } from './kafka-worker.options';
import { BATCH_HANDLER } from './on-event.decorator';
import { WorkerBatchContext } from './worker-batch-context';
import { WorkerContext } from './worker-context';
import { WorkerStatus } from './worker-status';

/**
 * A Nest transport strategy that materializes Kafka events into PostgreSQL with exactly-once
 * effects: handlers are found by `@OnEvent`, each partition's batch runs through the worker
 * pipeline in one transaction, output events leave through the outbox, and Kafka offsets are
 * committed last.
 */
export class KafkaWorkerTransport
  extends Server
  implements CustomTransportStrategy, EventDispatcher
{
  /** The worker's state, for readiness checks. */
  readonly health = new WorkerStatus();
  protected override readonly logger = new Logger(KafkaWorkerTransport.name);
  private readonly broker: WorkerBroker;
  private readonly relay: OutboxRelay;
  private readonly ledger: BatchLedger;
  private pipeline?: BatchHandler;
  private readonly handlerChains = new Map<string, readonly MessageHandler[]>();
  private stopping?: Promise<void>;

  constructor(
    private readonly options: KafkaWorkerOptions,
    private readonly dataSource: DataSource,
    broker?: WorkerBroker,
    private readonly observer: WorkerObserver = silentObserver,
  ) {
    super();
    assertWorkerOptions(options);
    this.broker = broker ?? kafkajsBroker(options);
    this.ledger = new PostgresBatchLedger(dataSource, options.groupId);
    this.relay = new OutboxRelay(
      dataSource,
      (records) => this.broker.producer.send(records),
      options.relay,
      (error) => this.logger.warn(`Outbox relay sweep failed: ${String(error)}`),
    );
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    this.stopping ??= this.stop();
    await this.stopping;
  }

  on(): void {
    throw new Error('KafkaWorkerTransport emits no events; read `health` for its state.');
  }

  unwrap<T>(): T {
    return this.broker as T;
  }

  handles(type: string): boolean {
    return this.handlersOf(type).length > 0;
  }

  takesBatches(type: string): boolean {
    return this.handlersOf(type)[0]?.extras?.[BATCH_HANDLER] === true;
  }

  async dispatch(event: EventEnvelope, scope: HandlerScope): Promise<EventDecision> {
    let result: unknown;
    let thrown: EventRejectedError | undefined;
    // One context per event, so that emitted ids stay distinct across chained handlers.
    const context = new WorkerContext(event, scope, this.options.source);
    // Every log line written while handling carries the event's tracking id.
    await runWithLogContext(
      { trackingId: event.trackingId, eventId: event.id, eventType: event.type },
      async () => {
        try {
          // Several handlers may take one event type; Nest chains them through `next`.
          for (const handler of this.handlersOf(event.type)) {
            result = await this.run(handler, event, context);
          }
        } catch (error) {
          // A refusal ends the handler by a throw; anything else is a failure for the pipeline.
          if (context.rejection) return;
          if (!(error instanceof EventRejectedError)) throw error;
          thrown = error;
        }
        this.logger.debug?.(`Handled ${event.type} ${event.id}`);
      },
    );
    const rejection = context.rejection ?? thrown;
    return rejection
      ? { kind: 'rejected', error: rejection }
      : { kind: 'applied', result, records: [] };
  }

  async dispatchBatch(
    events: readonly EventEnvelope[],
    scope: HandlerScope,
  ): Promise<EventDecision[]> {
    const type = events[0]?.type;
    if (type === undefined) return [];
    const context = new WorkerBatchContext(events, scope, this.options.source);
    await runWithLogContext({ eventType: type, batchSize: events.length }, async () => {
      for (const handler of this.handlersOf(type)) await this.run(handler, events, context);
    });
    const outcomes = context.outcomes();
    events.forEach((event, i) =>
      runWithLogContext({ trackingId: event.trackingId, eventId: event.id, eventType: type }, () =>
        this.logger.debug?.(`Handled ${type} ${event.id} in a batch: ${outcomes[i].kind}`),
      ),
    );
    return outcomes;
  }

  private async run(handler: MessageHandler, data: unknown, context: unknown): Promise<unknown> {
    return lastValueFrom(this.transformToObservable(await handler(data, context)), {
      defaultValue: undefined,
    });
  }

  /** Returns the chain of handlers of an event type (cached: Nest parses the pattern on each lookup). */
  private handlersOf(type: string): readonly MessageHandler[] {
    const cached = this.handlerChains.get(type);
    if (cached) return cached;
    const chain: MessageHandler[] = [];
    for (let h = this.getHandlerByPattern(type); h; h = (h.next as MessageHandler) ?? null)
      chain.push(h);
    if (new Set(chain.map((h) => h.extras?.[BATCH_HANDLER] === true)).size > 1) {
      throw new Error(
        `Event type ${type} has both @OnEvent and @OnEventBatch handlers; use one kind per type.`,
      );
    }
    this.handlerChains.set(type, chain);
    return chain;
  }

  private async start(): Promise<void> {
    const { options } = this;
    // Mixed handler kinds fail here, at start, rather than on the first event.
    for (const type of this.messageHandlers.keys()) this.handlersOf(type);
    await this.broker.admin.ensureTopics(this.topicsToProvision());
    await this.broker.admin.close();
    await this.broker.producer.connect();
    const rejectionEvents = new Map<string, EventDefinition>();
    for (const s of options.subscriptions)
      if (s.rejectionEvent) rejectionEvents.set(s.topic, s.rejectionEvent);
    this.pipeline = buildWorkerPipeline({
      dataSource: this.dataSource,
      ledger: this.ledger,
      dispatcher: this,
      producer: this.broker.producer,
      catalogue: options.catalogue,
      retry: options.retry,
      settings: {
        groupId: options.groupId,
        source: options.source,
        rejectionEvents,
        catalogue: options.catalogue,
      },
      logger: this.logger,
      observer: this.observer,
    });
    this.relay.start();
    await this.broker.consumer.start(
      options.subscriptions.map((s) => s.topic),
      {
        onBatch: (batch) => this.handleBatch(batch),
        onAssigned: (assignment) => this.storedPositions(assignment),
        onCrash: (error) => this.crash(error),
        onMembership: (change) => this.trackMembership(change),
      },
    );
    this.logger.log(
      `Worker ${options.groupId} consuming ${options.subscriptions.map((s) => s.topic).join(', ')}`,
    );
  }

  private async handleBatch(inbound: InboundBatch): Promise<void> {
    const pipeline = this.pipeline;
    if (!pipeline) return;
    const size = this.options.maxBatchSize ?? WorkerDefaults.maxBatchSize;
    for (let start = 0; start < inbound.messages.length; start += size) {
      if (!inbound.isActive()) return;
      const messages = inbound.messages.slice(start, start + size);
      try {
        await pipeline({
          topic: inbound.topic,
          partition: inbound.partition,
          items: messages.map((message) => ({ message })),
          heartbeat: () => inbound.heartbeat(),
          isActive: () => inbound.isActive(),
        });
      } catch (error) {
        if (error instanceof BatchAbandonedError) return;
        throw error;
      }
      this.health.update({ lastBatchAt: new Date() });
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
    if (change.kind === 'connected') this.health.update({ connected: true });
    else if (change.kind === 'joined')
      this.health.update({ joined: true, assigned: change.assignment });
    else if (change.kind === 'rebalancing') this.health.update({ joined: false });
    else this.health.update({ joined: false, connected: false, assigned: [] });
  }

  private crash(error: Error): void {
    this.health.update({ crashed: error.message });
    this.logger.error(`Kafka consumer crashed for good: ${error.message}; stopping the worker.`);
    // A worker idling without a consumer would look alive while doing nothing: stop and exit non-zero.
    void this.close().finally(() => process.exit(1));
  }

  private async stop(): Promise<void> {
    this.health.update({ shuttingDown: true });
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

  private topicsToProvision(): TopicSpec[] {
    const specs = [...(this.options.provision ?? [])];
    for (const { topic } of this.options.subscriptions) {
      const dlq = deadLetterTopicOf(topic);
      if (!specs.some((spec) => spec.topic === dlq)) {
        specs.push({ topic: dlq, partitions: WorkerDefaults.deadLetterPartitions });
      }
    }
    return specs;
  }
}
