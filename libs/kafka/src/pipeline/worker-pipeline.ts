import { EventCatalogue } from '@app/events';
import { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BrokerProducer } from '../broker/broker-producer';
import { decodeMiddleware } from './decode.middleware';
import { EventDispatcher } from './event-dispatcher';
import { isolatePoisonMiddleware } from './isolate-poison.middleware';
import { MaterializeHandler, MaterializeReport, MaterializeSettings } from './materialize.handler';
import { observeMiddleware } from './observe.middleware';
import { OutboxFlusher } from './outbox-flusher';
import { BatchHandler, composePipeline } from './partition-batch';
import { RetryOptions, retryMiddleware } from './retry.middleware';
import { silentObserver, WorkerObserver } from './worker-observer';

/** Everything the worker pipeline is built from. */
export interface WorkerPipelineParts {
  readonly dataSource: DataSource;
  readonly dispatcher: EventDispatcher;
  readonly producer: BrokerProducer;
  readonly catalogue: EventCatalogue;
  readonly settings: MaterializeSettings;
  readonly retry?: RetryOptions;
  readonly logger: LoggerService;
  readonly observer?: WorkerObserver;
}

/**
 * Builds the pipeline one partition batch runs through. The order is the contract:
 * 0. observe: batch duration (per-event outcomes are reported after each commit);
 * 1. isolate poison: a permanent or exhausted failure sends its event to the DLQ, the rest goes on;
 * 2. retry: transient failures forever with backoff, unknown ones a few times;
 * 3. decode: envelope and schema; a bad event is marked for the DLQ;
 * 4. materialize: one transaction (position, handlers, outbox, outcomes), then publish.
 */
export function buildWorkerPipeline(parts: WorkerPipelineParts): BatchHandler {
  const { logger } = parts;
  const observer = parts.observer ?? silentObserver;
  const materialize = new MaterializeHandler(
    parts.dataSource,
    parts.dispatcher,
    new OutboxFlusher(parts.dataSource, parts.producer),
    parts.settings,
    (batch, report) => reportEvents(observer, batch.topic, report),
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
      decodeMiddleware(parts.catalogue),
    ],
    materialize.handle,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function reportEvents(observer: WorkerObserver, topic: string, report: MaterializeReport): void {
  const now = Date.now();
  for (const event of report.events) {
    observer.recordEvent(topic, event.type, event.outcome);
    if (event.outcome === 'dead_lettered') observer.recordDeadLetter(topic);
    if (event.time)
      observer.observeEndToEnd(topic, event.type, Math.max(0, now - event.time.getTime()) / 1000);
  }
}
