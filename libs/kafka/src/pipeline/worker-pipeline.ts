import { EventCatalogue } from '@app/events';
import { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BrokerProducer } from '../broker/broker-producer';
import { decodeMiddleware } from './decode.middleware';
import { EventDispatcher } from './event-dispatcher';
import { isolatePoisonMiddleware } from './isolate-poison.middleware';
import { MaterializeHandler, MaterializeSettings } from './materialize.handler';
import { OutboxFlusher } from './outbox-flusher';
import { BatchHandler, composePipeline } from './partition-batch';
import { RetryOptions, retryMiddleware } from './retry.middleware';

/** Everything the worker pipeline is built from. */
export interface WorkerPipelineParts {
  readonly dataSource: DataSource;
  readonly dispatcher: EventDispatcher;
  readonly producer: BrokerProducer;
  readonly catalogue: EventCatalogue;
  readonly settings: MaterializeSettings;
  readonly retry?: RetryOptions;
  readonly logger: LoggerService;
}

/**
 * Builds the pipeline one partition batch runs through. The order is the contract:
 * 1. isolate poison: a permanent or exhausted failure sends its event to the DLQ, the rest goes on;
 * 2. retry: transient failures forever with backoff, unknown ones a few times;
 * 3. decode: envelope and schema; a bad event is marked for the DLQ;
 * 4. materialize: one transaction (position, handlers, outbox, outcomes), then publish.
 */
export function buildWorkerPipeline(parts: WorkerPipelineParts): BatchHandler {
  const { logger } = parts;
  const materialize = new MaterializeHandler(
    parts.dataSource,
    parts.dispatcher,
    new OutboxFlusher(parts.dataSource, parts.producer),
    parts.settings,
  );
  return composePipeline(
    [
      isolatePoisonMiddleware(),
      retryMiddleware(parts.retry, (error, attempt, delayMs) =>
        logger.warn(`Batch attempt ${attempt} failed (${describe(error)}); retrying in ${delayMs} ms`),
      ),
      decodeMiddleware(parts.catalogue),
    ],
    materialize.handle,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
