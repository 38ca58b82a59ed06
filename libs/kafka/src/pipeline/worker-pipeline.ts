import { CloudEventHeaders, EventCatalogue } from '@app/events';
import { BoundedLabels } from '@app/observability';
import { BatchLedger } from '@app/persistence';
import { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BrokerProducer } from '../broker/broker-producer';
import { BatchTransaction } from '../materialize/batch-transaction';
import { EventFate, handledOutcome, typeOfFate } from '../materialize/event-fate';
import { deadLetterFingerprintOfFate, FateWriteSettings } from '../materialize/fate-writes';
import { HandlerRunner } from '../materialize/handler-runner';
import { MaterializeHandler } from '../materialize/materialize.handler';
import { decodeMiddleware, IgnoresEvent } from './decode.middleware';
import { EventDispatcher } from './event-dispatcher';
import { isolatePoisonMiddleware } from './isolate-poison.middleware';
import { observeMiddleware } from './observe.middleware';
import { OutboxFlusher } from './outbox-flusher';
import { BatchHandler, composePipeline } from './partition-batch';
import { RetryOptions, retryMiddleware } from './retry.middleware';
import { reportSetApart } from './send-or-set-apart';
import { silentObserver, WorkerObserver } from './worker-observer';
import { WorkerDefaults } from '../transport/kafka-worker.constants';

/** Everything the worker pipeline is built from. */
export interface WorkerPipelineParts {
  readonly dataSource: DataSource;
  /** The consumer group's ledger: positions, answered requests, closing writes. */
  readonly ledger: BatchLedger;
  readonly dispatcher: EventDispatcher;
  readonly producer: BrokerProducer;
  readonly catalogue: EventCatalogue;
  readonly settings: FateWriteSettings;
  /** Which events to leave unhandled undecoded (facts of other services no handler takes). */
  readonly ignores?: IgnoresEvent;
  /** Which topics are decoded from their headers alone, any type (observed topics). */
  readonly observes?: (topic: string) => boolean;
  readonly retry?: RetryOptions;
  readonly logger: LoggerService;
  readonly observer?: WorkerObserver;
}

/**
 * Builds the pipeline one partition batch runs through. The order is the contract:
 * 0. observe: batch duration (per-event outcomes are reported after each commit);
 * 1. isolate poison: a permanent or exhausted failure sends its event to the DLQ, the rest goes on;
 * 2. retry: transient failures forever with backoff, unknown ones a few times;
 * 3. decode: envelope and schema; a bad event is marked for the DLQ, a fact no handler takes
 *    is marked unhandled, as is a record of an observed topic with no correlation id;
 * 4. materialize: group -> lock -> run -> close -> publish: one transaction (positions,
 *    handlers, outbox, outcomes, all derived from each event's fate), then the outbox is published
 *    (a row the broker refuses for good is set aside, never retried).
 */
export function buildWorkerPipeline(parts: WorkerPipelineParts): BatchHandler {
  const { logger } = parts;
  const observer = parts.observer ?? silentObserver;
  // Types come from input (an undecodable event's header, an observed topic): bounded.
  const labels = new BoundedLabels(WorkerDefaults.maxTypeLabels, (type) =>
    parts.catalogue.has(type),
  );
  const runner = new HandlerRunner(parts.dispatcher, parts.ledger, parts.settings);
  const materialize = new MaterializeHandler(
    new BatchTransaction(parts.ledger, runner, parts.settings),
    new OutboxFlusher(parts.dataSource, parts.producer, (refused) =>
      reportSetApart(refused, logger, (topic, reason) =>
        observer.recordUnpublishable(topic, reason),
      ),
    ),
    (batch, fates) => reportFates(observer, labels, batch.topic, fates),
  );
  return composePipeline(
    [
      observeMiddleware(observer),
      isolatePoisonMiddleware(),
      retryMiddleware(parts.retry, (error, attempt, delayMs) =>
        logger.warn(
          `Batch attempt ${attempt} failed (${describe(error)}); retrying in ${delayMs} ms`,
        ),
      ),
      decodeMiddleware(parts.catalogue, parts.ignores, parts.observes, (message) =>
        logger.debug?.(
          `Skipped ${message.topic}[${message.partition}]@${message.offset}: observed, and no ` +
            `${CloudEventHeaders.correlationId} names its flow`,
        ),
      ),
    ],
    materialize.handle,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function reportFates(
  observer: WorkerObserver,
  labels: BoundedLabels,
  topic: string,
  fates: readonly EventFate[],
): void {
  const now = Date.now();
  for (const fate of fates) {
    const type = labels.of(typeOfFate(fate));
    const outcome = handledOutcome(fate);
    observer.recordEvent(topic, type, outcome);
    const fingerprint = deadLetterFingerprintOfFate(fate);
    if (fingerprint !== undefined) observer.recordDeadLetter(topic, fingerprint);
    if (fate.kind !== 'applied') continue;
    observer.observeEndToEnd(topic, type, Math.max(0, now - fate.event.time.getTime()) / 1000);
    for (const record of fate.records)
      observer.recordEmitted(record.topic, record.headers[CloudEventHeaders.type] ?? 'unknown');
  }
}
