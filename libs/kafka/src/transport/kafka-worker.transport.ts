import { EventDefinition } from '@app/events';
import { PostgresBatchLedger } from '@app/persistence';
import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { WorkerBroker } from '../broker/worker-broker';
import { workerBrokerFor } from '../clients/kafka-client';
import { buildWorkerPipeline } from '../pipeline/worker-pipeline';
import { silentObserver, WorkerObserver } from '../pipeline/worker-observer';
import {
  assertWorkerOptions,
  deadLetterTopicFor,
  factTopicsOf,
  observedTopicsOf,
  KafkaWorkerOptions,
} from './kafka-worker.options';
import { WorkerDispatcher } from './worker-dispatcher';
import { WorkerRunner } from './worker-runner';
import { WorkerStatus } from './worker-status';

/**
 * A Nest transport strategy that materializes Kafka events into PostgreSQL with exactly-once
 * effects. It wires two halves, as kafkajs's own runner is apart from its consumer API: a
 * dispatcher that calls the handlers `@OnEvent` and `@OnEventBatch` declared, through Nest, and a
 * runner that drives the consumer; between them, the pipeline applies each partition's batch in
 * one transaction, output events leave through the outbox, and offsets are committed last.
 */
export class KafkaWorkerTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaWorkerTransport.name);
  private readonly broker: WorkerBroker;
  private readonly dispatcher: WorkerDispatcher;
  private readonly runner: WorkerRunner;
  private readonly ledger: PostgresBatchLedger;
  private stopping?: Promise<void>;

  constructor(
    private readonly options: KafkaWorkerOptions,
    private readonly dataSource: DataSource,
    broker?: WorkerBroker,
    private readonly observer: WorkerObserver = silentObserver,
  ) {
    super();
    assertWorkerOptions(options);
    this.broker = broker ?? workerBrokerFor(options);
    this.dispatcher = new WorkerDispatcher(this, options.source);
    this.ledger = new PostgresBatchLedger(dataSource, options.groupId);
    this.runner = new WorkerRunner(
      options,
      this.broker,
      this.ledger,
      dataSource,
      observer,
      this.logger,
    );
  }

  /** The worker's state, for readiness checks. */
  get health(): WorkerStatus {
    return this.runner.status;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    this.stopping ??= this.runner.stop();
    await this.stopping;
  }

  on(): void {
    throw new Error('KafkaWorkerTransport emits no events; read `health` for its state.');
  }

  unwrap<T>(): T {
    return this.broker as T;
  }

  private async start(): Promise<void> {
    const { options } = this;
    // Mixed handler kinds fail here, at start, rather than on the first event.
    this.dispatcher.assertHandlers();
    const rejectionEvents = new Map<string, EventDefinition>();
    for (const s of options.subscriptions)
      if (s.kind !== 'facts' && s.rejectionEvent) rejectionEvents.set(s.topic, s.rejectionEvent);
    const factTopics = factTopicsOf(options.subscriptions);
    const observedTopics = observedTopicsOf(options.subscriptions);
    const pipeline = buildWorkerPipeline({
      dataSource: this.dataSource,
      ledger: this.ledger,
      dispatcher: this.dispatcher,
      producer: this.broker.producer,
      catalogue: options.catalogue,
      retry: options.retry,
      settings: {
        groupId: options.groupId,
        source: options.source,
        rejectionEvents,
        catalogue: options.catalogue,
        maxDeadLetterBytes: options.maxDeadLetterBytes,
        factTopics,
        observedTopics,
        deadLetterTopics: new Map(
          options.subscriptions.map((s) => [s.topic, deadLetterTopicFor(s, options.groupId)]),
        ),
      },
      // A fact of another service that no handler takes is skipped, whatever its type; so is one
      // of a type the catalogue does not know, which only @OnAnyEvent would take (it takes those
      // on observed topics alone).
      ignores: (topic, type) =>
        factTopics.has(topic) &&
        !observedTopics.has(topic) &&
        (!this.dispatcher.handles(type) || !options.catalogue.has(type)),
      observes: (topic) => observedTopics.has(topic),
      logger: this.logger,
      observer: this.observer,
    });
    await this.runner.start(pipeline, (error) => this.crash(error));
  }

  private crash(error: Error): void {
    this.logger.error(`Kafka consumer crashed for good: ${error.message}; stopping the worker.`);
    // A worker idling without a consumer would look alive while doing nothing: stop and exit non-zero.
    void this.close().finally(() => process.exit(1));
  }
}
