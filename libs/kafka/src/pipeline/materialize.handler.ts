import {
  CloudEventHeaders,
  createEvent,
  encodeEvent,
  EventCatalogue,
  EventDefinition,
  readHeader,
  RequestRejectedPayload,
} from '@app/events';
import {
  OutboxRecord,
  OutboxRepository,
  PartitionPositionStore,
  PartitionRef,
  RequestOutcome,
  RequestOutcomeRepository,
} from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { EventFailedError } from '../errors/event-failed.error';
import { EventRejectedError } from '../errors/event-rejected.error';
import { failureCode } from '../errors/failure-kind';
import { deadLetterRecord } from './dead-letter-record';
import { EventDispatcher } from './event-dispatcher';
import { OutboxFlusher } from './outbox-flusher';
import { HandledOutcome } from './worker-observer';
import { BatchItem, PartitionBatch } from './partition-batch';

/** What the materializing step needs to know about the worker. */
export interface MaterializeSettings {
  readonly groupId: string;
  /** `ce_source` of the events the worker emits. */
  readonly source: string;
  /** Per input topic, the event that answers a tracked request that was rejected. */
  readonly rejectionEvents: ReadonlyMap<string, EventDefinition>;
  /** The worker's catalogue: emitted events take their topics from it. */
  readonly catalogue: EventCatalogue;
}

/** What one committed transaction did to each event, in offset order. */
export interface MaterializeReport {
  events: { type: string; outcome: HandledOutcome; time?: Date }[];
}

/**
 * The terminal step of the pipeline, ARCHITECTURE §2 in code: one transaction that locks the
 * partition's position, skips what was already applied, runs the handlers, writes outbox rows,
 * outcomes and the new position, commits; then the outbox is published.
 */
export class MaterializeHandler {
  private readonly positions: PartitionPositionStore;
  private readonly outbox: OutboxRepository;
  private readonly outcomes: RequestOutcomeRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: EventDispatcher,
    private readonly flusher: OutboxFlusher,
    private readonly settings: MaterializeSettings,
    private readonly onReport: (batch: PartitionBatch, report: MaterializeReport) => void = () =>
      undefined,
  ) {
    this.positions = new PartitionPositionStore(dataSource);
    this.outbox = new OutboxRepository(dataSource);
    this.outcomes = new RequestOutcomeRepository(dataSource);
  }

  /** Applies the batch exactly once and publishes what it emitted. */
  readonly handle = async (batch: PartitionBatch): Promise<void> => {
    if (batch.items.length === 0) return;
    const report = await this.dataSource.transaction((manager) => this.apply(manager, batch));
    await this.flusher.flush({ topic: batch.topic, partition: batch.partition });
    this.onReport(batch, report);
  };

  private async apply(manager: EntityManager, batch: PartitionBatch): Promise<MaterializeReport> {
    const ref: PartitionRef = {
      groupId: this.settings.groupId,
      topic: batch.topic,
      partition: batch.partition,
    };
    const report: MaterializeReport = { events: [] };
    const position = await this.positions.lock(manager, ref);
    const items = batch.items.filter(
      (item) => position === null || item.message.offset >= position,
    );
    // Offsets are ascending, so the events already applied are a prefix of the batch.
    for (const item of batch.items.slice(0, batch.items.length - items.length)) {
      report.events.push({ type: typeOf(item), outcome: 'skipped' });
    }
    if (items.length === 0) return report;

    const trackingIds = items.map(trackingIdOf).filter((id): id is string => id !== undefined);
    const answered = await this.outcomes.findRecorded(manager, trackingIds);
    const records: OutboxRecord[] = [];
    const outcomes: RequestOutcome[] = [];
    const now = new Date();
    for (const item of items) {
      const trackingId = trackingIdOf(item);
      if (trackingId !== undefined && answered.has(trackingId)) {
        // The same request sent again: never run it twice.
        report.events.push({ type: typeOf(item), outcome: 'duplicate' });
        continue;
      }
      if (item.deadLetter || !item.envelope) {
        const mark = item.deadLetter ?? { error: new Error('Event was not decoded.'), attempts: 1 };
        const refusedOnly = mark.error instanceof EventRejectedError && !mark.error.deadLetter;
        if (!refusedOnly) {
          records.push(deadLetterRecord(item.message, mark, this.settings.groupId, now));
        }
        report.events.push({
          type: typeOf(item),
          outcome: refusedOnly ? 'rejected' : 'dead_lettered',
        });
        if (trackingId !== undefined) {
          outcomes.push(this.rejectionOutcome(item, trackingId, mark.error));
          records.push(...this.rejectionEvent(item, trackingId, mark.error));
        }
      } else if (this.dispatcher.handles(item.envelope.type)) {
        let result: unknown;
        try {
          result = await this.dispatcher.dispatch(item.envelope, {
            manager,
            append: (record) => records.push(record),
            resolve: (definition) => this.settings.catalogue.resolve(definition),
          });
        } catch (error) {
          throw new EventFailedError(item.message.offset, error);
        }
        if (trackingId !== undefined) {
          outcomes.push({ trackingId, status: 'accepted', eventType: item.envelope.type, result });
        }
        report.events.push({
          type: item.envelope.type,
          outcome: 'applied',
          time: item.envelope.time,
        });
      } else {
        report.events.push({ type: item.envelope.type, outcome: 'skipped' });
      }
      if (trackingId !== undefined) answered.add(trackingId);
    }
    await this.outbox.append(manager, { topic: batch.topic, partition: batch.partition }, records);
    await this.outcomes.record(manager, outcomes);
    await this.positions.advance(manager, ref, items[items.length - 1].message.offset + 1n);
    return report;
  }

  private rejectionOutcome(item: BatchItem, trackingId: string, error: unknown): RequestOutcome {
    return {
      trackingId,
      status: 'rejected',
      eventType: item.envelope?.type ?? readHeader(item.message, CloudEventHeaders.type),
      reasonCode: failureCode(error),
      reason: error instanceof Error ? error.message : String(error),
    };
  }

  private rejectionEvent(item: BatchItem, trackingId: string, error: unknown): OutboxRecord[] {
    const declared = this.settings.rejectionEvents.get(item.message.topic);
    if (!declared) return [];
    const definition = this.settings.catalogue.resolve(declared);
    const payload: RequestRejectedPayload = {
      trackingId,
      code: failureCode(error),
      reason: error instanceof Error ? error.message : String(error),
      rejectedType: item.envelope?.type ?? readHeader(item.message, CloudEventHeaders.type),
    };
    const causationId = readHeader(item.message, CloudEventHeaders.id);
    const envelope = createEvent(definition, payload, {
      source: this.settings.source,
      trackingId,
      causationId,
      id: causationId ? `${causationId}:rejected` : undefined,
    });
    const encoded = encodeEvent(definition, envelope);
    return [
      {
        eventId: envelope.id,
        topic: encoded.topic,
        key: encoded.key,
        value: encoded.value,
        headers: encoded.headers,
      },
    ];
  }
}

function typeOf(item: BatchItem): string {
  return item.envelope?.type ?? readHeader(item.message, CloudEventHeaders.type) ?? 'unknown';
}

function trackingIdOf(item: BatchItem): string | undefined {
  return item.envelope?.trackingId ?? readHeader(item.message, CloudEventHeaders.trackingId);
}
